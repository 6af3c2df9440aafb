package org.postern.server;

import java.io.InputStream;
import java.io.PrintWriter;
import org.postern.server.cli.AliasCommand;
import org.postern.server.cli.DatapathsCommand;
import org.postern.server.cli.DomainCommand;
import org.postern.server.cli.ErrorReporter;
import org.postern.server.cli.GroupCommand;
import org.postern.server.cli.KerberosCommand;
import org.postern.server.cli.QueueCommand;
import org.postern.server.cli.RunCommand;
import org.postern.server.cli.TrackCommand;
import org.postern.server.cli.UserCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code postern} command: the server and its administration. */
@Command(name = "postern",
        mixinStandardHelpOptions = true,
        versionProvider = Postern.Version.class,
        description = "Postern, a messaging server with the roles of Exchange Server 2007 over open protocols.",
        subcommands = {
            RunCommand.class,
            DomainCommand.class,
            UserCommand.class,
            AliasCommand.class,
            GroupCommand.class,
            DatapathsCommand.class,
            TrackCommand.class,
            QueueCommand.class,
            KerberosCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Postern implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Standard input of this run: where {@code --password-stdin} reads. */
    private final InputStream stdin;

    Postern(InputStream stdin) {
        this.stdin = stdin;
    }

    /** The standard input of the run a command belongs to. */
    public static InputStream stdin(CommandLine.Model.CommandSpec spec) {
        return ((Postern) spec.root().userObject()).stdin;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = execute(System.in, out, err, args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Runs one command line with the given standard streams; returns the exit status. */
    public static int execute(InputStream in, PrintWriter out, PrintWriter err, String... args) {
        ErrorReporter errors = new ErrorReporter();
        CommandLine cli = new CommandLine(new Postern(in))
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        return cli.execute(args);
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Postern.class.getPackage().getImplementationVersion();
            return new String[] {"postern " + (v != null ? v : "(development build)")};
        }
    }
}
