package org.postern.server.roles;

import java.util.List;
import org.postern.core.Role;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.ReferencePath;
import org.postern.server.Foundation;

/**
 * The Client Access role: what mail clients speak. It reads mailboxes through the store —
 * a method call when the mailbox role runs in this process, the shared database otherwise.
 */
public final class ClientAccessRole implements RoleService {

    private final Foundation foundation;
    private final boolean mailboxInProcess;

    public ClientAccessRole(Foundation foundation, boolean mailboxInProcess) {
        this.foundation = foundation;
        this.mailboxInProcess = mailboxInProcess;
    }

    @Override
    public Role role() {
        return Role.CAS;
    }

    @Override
    public List<DataPath> dataPaths() {
        return List.of(foundation.storePath(ReferencePath.CAS_MAILBOX, mailboxInProcess));
    }
}
