package org.postern.server.roles;

import java.io.IOException;
import java.util.List;
import org.postern.core.Role;
import org.postern.core.datapath.DataPathSource;
import org.postern.server.admin.AdminSocket;

/**
 * One role running in this process: its listeners, connectors and services, started and
 * stopped together, declaring the data paths they carry.
 */
public interface RoleService extends DataPathSource, AutoCloseable {

    Role role();

    /** Opens the role's listeners and starts its services. */
    default void start() throws IOException {
    }

    /** Where the role listens, one line each ("SMTP 127.0.0.1:25"), once started. */
    default List<String> listening() {
        return List.of();
    }

    /** Registers the role's commands on the running server's administration socket ({@code postern queue …}). */
    default void registerAdminCommands(AdminSocket admin) {
    }

    /** Stops accepting work, finishes or hands back what is in flight, and releases resources. */
    @Override
    default void close() {
    }
}
