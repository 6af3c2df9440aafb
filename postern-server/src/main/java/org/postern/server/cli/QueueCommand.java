package org.postern.server.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.postern.server.admin.AdminReply;
import org.postern.server.admin.AdminSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code postern queue list|show ID|retry ID|remove ID}: the running hub's queue, asked
 * through the server's administration socket (the queue belongs to the running server).
 */
@Command(name = "queue", description = "Inspect and act on the running server's transport queue.",
        mixinStandardHelpOptions = true,
        subcommands = {QueueCommand.ListQueue.class, QueueCommand.Show.class, QueueCommand.Retry.class, QueueCommand.Remove.class})
public final class QueueCommand {

    abstract static class QueueAction implements Callable<Integer> {
        @Mixin
        DataOptions dataOptions;

        @Spec
        CommandSpec spec;

        abstract List<String> words();

        @Override
        public Integer call() throws IOException {
            List<String> words = new ArrayList<>(List.of("queue"));
            words.addAll(words());
            AdminReply reply;
            try {
                reply = AdminSocket.call(dataOptions.folder().adminSocket(), words);
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
            spec.commandLine().getOut().print(reply.out());
            spec.commandLine().getOut().flush();
            if (reply.status() != 0) {
                throw new UserError(reply.err().strip());
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List the queued messages.", mixinStandardHelpOptions = true)
    static final class ListQueue extends QueueAction {
        @Override
        List<String> words() {
            return List.of("list");
        }
    }

    @Command(name = "show", description = "Show a queued message's envelope and recipients.", mixinStandardHelpOptions = true)
    static final class Show extends QueueAction {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        List<String> words() {
            return List.of("show", id);
        }
    }

    @Command(name = "retry", description = "Try a message's deferred recipients now.", mixinStandardHelpOptions = true)
    static final class Retry extends QueueAction {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        List<String> words() {
            return List.of("retry", id);
        }
    }

    @Command(name = "remove", description = "Remove a message from the queue (no report is sent).", mixinStandardHelpOptions = true)
    static final class Remove extends QueueAction {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        List<String> words() {
            return List.of("remove", id);
        }
    }
}
