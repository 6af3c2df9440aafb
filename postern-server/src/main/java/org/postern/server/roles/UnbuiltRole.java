package org.postern.server.roles;

import java.util.List;
import org.postern.core.Role;
import org.postern.core.datapath.DataPath;

/**
 * A role this version does not build yet: it starts nothing and declares no data path, and
 * says so where the server reports what it runs.
 */
public final class UnbuiltRole implements RoleService {

    private final Role role;

    public UnbuiltRole(Role role) {
        this.role = role;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public List<DataPath> dataPaths() {
        return List.of();
    }

    @Override
    public List<String> listening() {
        return List.of("(not built yet in this version: nothing started)");
    }
}
