package org.postern.server.roles;

import java.util.List;
import org.postern.core.Role;
import org.postern.core.datapath.DataPath;
import org.postern.server.Foundation;
import org.postern.core.datapath.ReferencePath;

/**
 * The Hub Transport role (reference: "Transport Servers"): routes every message. Today it
 * reaches the directory; its SMTP listeners, queue and categorizer come with the transport.
 */
public final class HubTransportRole implements RoleService {

    private final Foundation foundation;

    public HubTransportRole(Foundation foundation) {
        this.foundation = foundation;
    }

    @Override
    public Role role() {
        return Role.HUB;
    }

    @Override
    public List<DataPath> dataPaths() {
        return List.of(foundation.directoryPath(ReferencePath.HUB_DIRECTORY));
    }
}
