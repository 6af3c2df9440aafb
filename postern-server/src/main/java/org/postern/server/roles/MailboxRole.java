package org.postern.server.roles;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.postern.core.Role;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.ReferencePath;
import org.postern.server.Foundation;
import org.postern.transport.smtp.LmtpReceiveService;
import org.postern.transport.smtp.SmtpReceiveSettings;

/**
 * The Mailbox role: holds the mailbox store and reaches the directory for its owners. When no
 * hub runs in this process it takes mail from the hubs by LMTP on 24 plus the offset
 * (hub-mailbox-delivery: STARTTLS, AUTH GSSAPI by a hub's {@code host/} principal; ADR 0015);
 * with a hub beside it, delivery stays a method call and no LMTP port opens.
 */
public final class MailboxRole implements RoleService {

    private final Foundation foundation;
    private final boolean hubInProcess;
    private LmtpReceiveService lmtp;

    public MailboxRole(Foundation foundation, boolean hubInProcess) {
        this.foundation = foundation;
        this.hubInProcess = hubInProcess;
    }

    @Override
    public Role role() {
        return Role.MAILBOX;
    }

    @Override
    public void start() throws IOException {
        if (hubInProcess) {
            return;
        }
        lmtp = new LmtpReceiveService(foundation.config().hostname(), foundation.config().portOffset(),
                new InetSocketAddress(0).getAddress(), foundation.serverTlsContext(), foundation.recipients(),
                foundation.authenticator(), foundation.store(), foundation.tracking(), SmtpReceiveSettings.DEFAULTS);
        lmtp.start();
    }

    @Override
    public List<String> listening() {
        return lmtp == null ? List.of() : lmtp.listening();
    }

    @Override
    public List<DataPath> dataPaths() {
        List<DataPath> paths = new ArrayList<>();
        paths.add(foundation.directoryPath(ReferencePath.MAILBOX_DIRECTORY));
        if (!hubInProcess) {
            paths.add(LmtpReceiveService.dataPath(foundation.config().portOffset()));
        }
        return paths;
    }

    @Override
    public void close() {
        if (lmtp != null) {
            lmtp.close();
        }
    }
}
