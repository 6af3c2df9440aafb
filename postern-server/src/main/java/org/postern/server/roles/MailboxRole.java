package org.postern.server.roles;

import java.util.List;
import org.postern.core.Role;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.ReferencePath;
import org.postern.server.Foundation;

/** The Mailbox role: holds the mailbox store and reaches the directory for its owners. */
public final class MailboxRole implements RoleService {

    private final Foundation foundation;

    public MailboxRole(Foundation foundation) {
        this.foundation = foundation;
    }

    @Override
    public Role role() {
        return Role.MAILBOX;
    }

    @Override
    public List<DataPath> dataPaths() {
        return List.of(foundation.directoryPath(ReferencePath.MAILBOX_DIRECTORY));
    }
}
