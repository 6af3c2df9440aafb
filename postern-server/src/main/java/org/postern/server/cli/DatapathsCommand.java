package org.postern.server.cli;

import java.util.Set;
import org.postern.core.Role;
import org.postern.core.config.PosternConfig;
import org.postern.server.Deployment;
import org.postern.server.Foundation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code postern datapaths}: the deployment's data path table, in the reference's columns,
 * assembled from what the configured roles' listeners and connectors declare.
 */
@Command(name = "datapaths", description = "Print the data paths of the configured roles, in the reference's columns.",
        mixinStandardHelpOptions = true)
public final class DatapathsCommand extends AdminCommand {

    enum Format { table, json, markdown }

    @Option(names = "--format", defaultValue = "table", description = "table, json or markdown (default: table).")
    Format format;

    @Option(names = "--roles", paramLabel = "ROLES", description = "Roles to describe instead of the configured ones.")
    String roles;

    @Option(names = "--port-offset", paramLabel = "N", description = "Port offset instead of the configured one.")
    Integer portOffset;

    @Override
    protected void execute(Foundation foundation) {
        PosternConfig config = foundation.config();
        if (roles != null) {
            Set<Role> set = Role.parseList(roles);
            config = config.withRoles(set);
        }
        if (portOffset != null) {
            config = config.withPortOffset(portOffset);
        }
        try (Deployment deployment = Deployment.assemble(config, foundation)) {
            var table = deployment.dataPathTable();
            out().print(switch (format) {
                case table -> table.toText();
                case json -> table.toJson();
                case markdown -> table.toMarkdown();
            });
        }
    }
}
