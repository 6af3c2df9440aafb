package org.postern.server.cli;

import org.postern.core.directory.Recipient.Alias;
import org.postern.server.Foundation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code postern alias add|list|remove}: second addresses of users and groups. */
@Command(name = "alias", description = "Manage aliases (addresses that deliver to a user or group).",
        mixinStandardHelpOptions = true,
        subcommands = {AliasCommand.Add.class, AliasCommand.ListAliases.class, AliasCommand.Remove.class})
public final class AliasCommand {

    @Command(name = "add", description = "Add an alias delivering to a user or group.", mixinStandardHelpOptions = true)
    static final class Add extends AdminCommand {
        @Parameters(index = "0", paramLabel = "ALIAS")
        String alias;

        @Parameters(index = "1", paramLabel = "TARGET", description = "The user or group it delivers to.")
        String target;

        @Override
        protected void execute(Foundation foundation) {
            Alias added = directory(foundation).addAlias(alias, target);
            out().println("alias " + added.address() + " -> " + added.target() + " added");
        }
    }

    @Command(name = "list", description = "List the aliases.", mixinStandardHelpOptions = true)
    static final class ListAliases extends AdminCommand {
        @Override
        protected void execute(Foundation foundation) {
            for (Alias alias : directory(foundation).aliases()) {
                out().println(alias.address() + "\t" + alias.target());
            }
        }
    }

    @Command(name = "remove", description = "Remove an alias.", mixinStandardHelpOptions = true)
    static final class Remove extends AdminCommand {
        @Parameters(paramLabel = "ALIAS")
        String alias;

        @Override
        protected void execute(Foundation foundation) {
            directory(foundation).removeAlias(alias);
            out().println("alias " + alias + " removed");
        }
    }
}
