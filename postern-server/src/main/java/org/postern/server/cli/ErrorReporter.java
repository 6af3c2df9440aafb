package org.postern.server.cli;

import org.postern.core.address.InvalidAddressException;
import org.postern.core.directory.DirectoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns every failure of a command into one line on standard error and exit status 1: the
 * user's mistakes as their own message, anything else as a short notice with the details in
 * the log. A stack trace never reaches the user.
 */
public final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);
    public static final int FAILURE = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        cli.getErr().println("postern: " + message(e));
        cli.getErr().flush();
        return FAILURE;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        cli.getErr().println("postern: " + e.getMessage() + " (see: " + cli.getCommandSpec().qualifiedName() + " --help)");
        cli.getErr().flush();
        return FAILURE;
    }

    static String message(Throwable e) {
        if (e instanceof UserError || e instanceof InvalidAddressException || e instanceof DirectoryException) {
            return oneLine(e.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return oneLine(e.getMessage());
        }
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        LOG.error("command failed", e);
        return "failed: " + oneLine(e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : ""));
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "failed";
        }
        return text.lines().findFirst().orElse("failed");
    }
}
