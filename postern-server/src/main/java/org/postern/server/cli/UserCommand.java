package org.postern.server.cli;

import java.util.Arrays;
import org.postern.core.address.EmailAddress;
import org.postern.core.config.StorageSize;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.StorageLimit;
import org.postern.core.store.StorageQuota;
import org.postern.server.Foundation;
import org.postern.server.Postern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code postern user add|list|passwd|remove|auto-reply|quota}: mailbox users, their passwords,
 * out-of-office replies and storage limits.
 */
@Command(name = "user", description = "Manage users (mailbox owners) and their passwords.",
        mixinStandardHelpOptions = true,
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Passwd.class, UserCommand.Remove.class,
                UserCommand.AutoReply.class, UserCommand.Quota.class})
public final class UserCommand {

    @Command(name = "add", description = "Add a user with a mailbox.", mixinStandardHelpOptions = true)
    static final class Add extends AdminCommand {
        @Parameters(paramLabel = "ADDRESS", description = "The user's address, in an accepted domain.")
        String address;

        @Option(names = "--name", paramLabel = "NAME", description = "The display name (default: the local part).")
        String displayName;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        protected void execute(Foundation foundation) throws Exception {
            char[] password = passwordStdin ? PasswordInput.fromStream(Postern.stdin(spec)) : PasswordInput.fromConsole(address);
            try {
                User user = directory(foundation).addUser(address, displayName, password);
                if (password != null) {
                    KerberosCommand.passwordSet(foundation, user.address(), password);
                }
                if (!foundation.store().hasMailbox(user.address())) {
                    foundation.store().createMailbox(user.address());
                }
                out().println("user " + user.address() + " added" + (password == null
                        ? " without a password (set one with: postern user passwd " + user.address() + " --password-stdin)" : ""));
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        }
    }

    @Command(name = "list", description = "List the users.", mixinStandardHelpOptions = true)
    static final class ListUsers extends AdminCommand {
        @Override
        protected void execute(Foundation foundation) {
            for (User user : directory(foundation).users()) {
                out().println(user.address() + "\t" + user.displayName());
            }
        }
    }

    @Command(name = "passwd", description = "Set a user's password.", mixinStandardHelpOptions = true)
    static final class Passwd extends AdminCommand {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        protected void execute(Foundation foundation) throws Exception {
            char[] password = passwordStdin ? PasswordInput.fromStream(Postern.stdin(spec)) : PasswordInput.fromConsole(address);
            if (password == null) {
                throw new UserError("no terminal to ask for the password: use --password-stdin");
            }
            try {
                directory(foundation).setPassword(address, password);
                KerberosCommand.passwordSet(foundation, EmailAddress.parse(address), password);
                out().println("password of " + address + " set");
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "auto-reply", description = "Turn a user's out-of-office reply (RFC 3834) on with a text, or off;"
            + " without --text or --off, show it.", mixinStandardHelpOptions = true)
    static final class AutoReply extends AdminCommand {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Option(names = "--text", paramLabel = "TEXT", description = "The reply's text; turns the reply on.")
        String text;

        @Option(names = "--off", description = "Turn the reply off.")
        boolean off;

        @Override
        protected void execute(Foundation foundation) {
            if (off && text != null) {
                throw new UserError("give --text or --off, not both");
            }
            User user = foundation.recipients().findUser(EmailAddress.parse(address))
                    .orElseThrow(() -> new UserError("no user " + address));
            if (off) {
                foundation.autoReplies().clear(user.address());
                out().println("auto-reply of " + user.address() + " off");
            } else if (text != null) {
                if (text.isBlank()) {
                    throw new UserError("the reply's text is empty");
                }
                foundation.autoReplies().set(user.address(), text);
                out().println("auto-reply of " + user.address() + " on");
            } else {
                out().println(foundation.autoReplies().text(user.address()).map(t -> "on: " + t).orElse("off"));
            }
        }
    }

    @Command(name = "quota", description = "Set a user's storage limit (IMAP QUOTA, RFC 9208) with --limit, --unlimited"
            + " or --default (store.quota in postern.yaml); without one of them, show the usage and the limit.",
            mixinStandardHelpOptions = true)
    static final class Quota extends AdminCommand {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Option(names = "--limit", paramLabel = "SIZE", description = "At most this much, e.g. 2GiB, 500MiB, 1048576.")
        String limit;

        @Option(names = "--unlimited", description = "No limit for this user, whatever the default.")
        boolean unlimited;

        @Option(names = "--default", description = "The server's default limit (store.quota) applies again.")
        boolean serverDefault;

        @Override
        protected void execute(Foundation foundation) {
            if ((limit != null ? 1 : 0) + (unlimited ? 1 : 0) + (serverDefault ? 1 : 0) > 1) {
                throw new UserError("give one of --limit, --unlimited and --default");
            }
            User user = foundation.recipients().findUser(EmailAddress.parse(address))
                    .orElseThrow(() -> new UserError("no user " + address));
            StorageLimit set = null;
            if (limit != null) {
                try {
                    set = new StorageLimit.Octets(StorageSize.parse(limit));
                } catch (IllegalArgumentException e) {
                    throw new UserError("--limit: " + e.getMessage());
                }
            } else if (unlimited) {
                set = new StorageLimit.Unlimited();
            } else if (serverDefault) {
                set = new StorageLimit.ServerDefault();
            }
            if (set != null) {
                foundation.store().setStorageLimit(user.address(), set);
            }
            StorageQuota quota = foundation.store().storageQuota(user.address());
            out().println(user.address() + ": " + StorageSize.format(quota.usedOctets()) + " used of "
                    + (quota.limitOctets().isPresent() ? StorageSize.format(quota.limitOctets().getAsLong()) : "no limit"));
        }
    }

    @Command(name = "remove", description = "Remove a user and its mailbox (its aliases and group memberships go too).",
            mixinStandardHelpOptions = true)
    static final class Remove extends AdminCommand {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Override
        protected void execute(Foundation foundation) {
            User user = directory(foundation).findUser(EmailAddress.parse(address))
                    .orElseThrow(() -> new UserError("no user " + address));
            directory(foundation).removeUser(address);
            KerberosCommand.userRemoved(foundation, user.address());
            if (foundation.store().hasMailbox(user.address())) {
                foundation.store().deleteMailbox(user.address());
            }
            out().println("user " + user.address() + " and its mailbox removed");
        }
    }
}
