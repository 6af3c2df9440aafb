package org.postern.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.postern.core.Role;
import org.postern.core.config.PosternConfig;
import org.postern.server.PosternServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code postern run}: starts the server in the foreground until SIGTERM or Ctrl-C. The first
 * start creates the data folder, a commented default configuration and a self-signed
 * certificate; it needs no network, no database server and no setting.
 */
@Command(name = "run", description = "Start the server (until Ctrl-C or SIGTERM).", mixinStandardHelpOptions = true)
public final class RunCommand implements Callable<Integer> {

    /** Printed once every role has started; scripts and tests wait for it. */
    public static final String READY = "Postern is ready.";

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--roles", paramLabel = "ROLES",
            description = "Roles to run: hub,mailbox,cas,edge,um or all (default: from the configuration; hub,mailbox,cas).")
    String roles;

    @Option(names = "--port-offset", paramLabel = "N",
            description = "Add N to every listening port (default: from the configuration; 0).")
    Integer portOffset;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PosternConfig config = dataOptions.prepare();
        if (roles != null) {
            config = config.withRoles(Role.parseList(roles));
        } else {
            Role.validate(config.roleSet());
        }
        if (portOffset != null) {
            config = config.withPortOffset(portOffset);
        }
        PrintWriter out = spec.commandLine().getOut();
        PosternServer server = PosternServer.start(dataOptions.folder(), config);
        Thread hook = new Thread(server::close, "postern-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.describe(out);
        out.println(READY);
        out.flush();
        server.awaitStop();
        return 0;
    }
}
