package org.postern.server.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.postern.core.config.PosternConfig;
import org.postern.server.DataFolder;
import picocli.CommandLine.Option;

/** The options every command takes: where the data folder and the configuration are. */
public final class DataOptions {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "The data folder (default: ./data).")
    Path data;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The configuration file (default: postern.yaml in the data folder).")
    Path config;

    public DataFolder folder() {
        return new DataFolder(data, config);
    }

    /** Creates the folder and its default configuration on first use, and reads the configuration. */
    public PosternConfig prepare() throws IOException {
        return folder().prepare();
    }
}
