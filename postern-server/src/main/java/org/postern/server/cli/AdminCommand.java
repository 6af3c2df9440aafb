package org.postern.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.postern.core.config.PosternConfig;
import org.postern.core.directory.DirectoryAdmin;
import org.postern.server.Foundation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The shape every administration command shares: it opens the data folder (creating it on
 * first use), does one thing, and closes it. Changes go straight to the databases that a
 * running server reads, so they take effect there at once.
 */
abstract class AdminCommand implements Callable<Integer> {

    @Mixin
    DataOptions dataOptions;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        PosternConfig config = dataOptions.prepare();
        try (Foundation foundation = Foundation.open(dataOptions.folder(), config)) {
            execute(foundation);
        }
        return 0;
    }

    protected abstract void execute(Foundation foundation) throws Exception;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected static DirectoryAdmin directory(Foundation foundation) {
        return foundation.directory();
    }
}
