package org.postern.server.cli;

import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.DistributionGroup;
import org.postern.server.Foundation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code postern group add|list|remove} and {@code group member add|remove}: distribution groups. */
@Command(name = "group", description = "Manage distribution groups and their members.",
        mixinStandardHelpOptions = true,
        subcommands = {GroupCommand.Add.class, GroupCommand.ListGroups.class, GroupCommand.Remove.class,
            GroupCommand.Member.class})
public final class GroupCommand {

    @Command(name = "add", description = "Add a distribution group.", mixinStandardHelpOptions = true)
    static final class Add extends AdminCommand {
        @Parameters(paramLabel = "GROUP", description = "The group's address, in an accepted domain.")
        String group;

        @Option(names = "--name", paramLabel = "NAME", description = "The display name (default: the local part).")
        String displayName;

        @Override
        protected void execute(Foundation foundation) {
            DistributionGroup added = directory(foundation).addGroup(group, displayName);
            out().println("group " + added.address() + " added");
        }
    }

    @Command(name = "list", description = "List the groups and their members.", mixinStandardHelpOptions = true)
    static final class ListGroups extends AdminCommand {
        @Override
        protected void execute(Foundation foundation) {
            for (DistributionGroup g : directory(foundation).groups()) {
                out().println(g.address() + "\t" + g.displayName() + "\t"
                        + String.join(",", g.members().stream().map(EmailAddress::toString).toList()));
            }
        }
    }

    @Command(name = "remove", description = "Remove a group.", mixinStandardHelpOptions = true)
    static final class Remove extends AdminCommand {
        @Parameters(paramLabel = "GROUP")
        String group;

        @Override
        protected void execute(Foundation foundation) {
            directory(foundation).removeGroup(group);
            out().println("group " + group + " removed");
        }
    }

    @Command(name = "member", description = "Add or remove a group's members.", mixinStandardHelpOptions = true,
            subcommands = {Member.AddMember.class, Member.RemoveMember.class})
    static final class Member {

        @Command(name = "add", description = "Add a member: a user, alias or group here, or an external address.",
                mixinStandardHelpOptions = true)
        static final class AddMember extends AdminCommand {
            @Parameters(index = "0", paramLabel = "GROUP")
            String group;

            @Parameters(index = "1", paramLabel = "ADDRESS")
            String member;

            @Override
            protected void execute(Foundation foundation) {
                directory(foundation).addMember(group, member);
                out().println(member + " added to " + group);
            }
        }

        @Command(name = "remove", description = "Remove a member.", mixinStandardHelpOptions = true)
        static final class RemoveMember extends AdminCommand {
            @Parameters(index = "0", paramLabel = "GROUP")
            String group;

            @Parameters(index = "1", paramLabel = "ADDRESS")
            String member;

            @Override
            protected void execute(Foundation foundation) {
                directory(foundation).removeMember(group, member);
                out().println(member + " removed from " + group);
            }
        }
    }
}
