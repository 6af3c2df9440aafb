package org.postern.server.roles;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.postern.clientaccess.AccessService;
import org.postern.clientaccess.imap.ImapBackend;
import org.postern.clientaccess.imap.ImapSessions;
import org.postern.clientaccess.imap.ImapSettings;
import org.postern.clientaccess.imap.UserSessions;
import org.postern.clientaccess.pop3.MaildropLocks;
import org.postern.clientaccess.pop3.Pop3Backend;
import org.postern.clientaccess.pop3.Pop3Sessions;
import org.postern.clientaccess.pop3.Pop3Settings;
import org.postern.core.Role;
import org.postern.core.config.PosternConfig;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.ReferencePath;
import org.postern.server.Foundation;

/**
 * The Client Access role: what mail clients speak — today POP3 on 110 (STLS) and 995
 * (implicit TLS), IMAP4 on 143 (STARTTLS) and 993 (implicit TLS). It reads mailboxes through the store — a method call when the mailbox role
 * runs in this process, the shared database otherwise — and checks passwords through the
 * process's one authentication layer ({@link Foundation#authenticator()}), so a failure here
 * counts with failures on SMTP submission.
 */
public final class ClientAccessRole implements RoleService {

    private final Foundation foundation;
    private final PosternConfig config;
    private final boolean mailboxInProcess;
    private AccessService pop3;
    private AccessService imap;

    /**
     * @param config the deployment's configuration (its port offset and host name)
     */
    public ClientAccessRole(Foundation foundation, PosternConfig config, boolean mailboxInProcess) {
        this.foundation = foundation;
        this.config = config;
        this.mailboxInProcess = mailboxInProcess;
    }

    @Override
    public Role role() {
        return Role.CAS;
    }

    @Override
    public synchronized void start() throws IOException {
        Pop3Settings settings = Pop3Settings.defaults(config.portOffset());
        Pop3Backend backend = new Pop3Backend(foundation.authenticator(), foundation.store(), new MaildropLocks(),
                settings.limits(), config.hostname());
        AccessService service = new AccessService(Pop3Settings.PROTOCOL, settings.bindAddress(), settings.connections(),
                settings.portOffset(), foundation.serverTlsContext(), new Pop3Sessions(backend), foundation.authenticator());
        service.start();
        pop3 = service;
        ImapSettings imapSettings = ImapSettings.defaults(config.portOffset()).withBounds(config.imap().maxConnections(),
                config.imap().maxConnectionsPerSource(), config.imap().maxSessionsPerUser())
                .withStorePoll(config.imap().storePollDuration());
        ImapBackend imapBackend = new ImapBackend(foundation.authenticator(), foundation.store(), imapSettings.limits(),
                new UserSessions(imapSettings.maxPerUser()), config.hostname());
        AccessService imapService = new AccessService(ImapSettings.PROTOCOL, imapSettings.bindAddress(),
                imapSettings.connections(), imapSettings.portOffset(), foundation.serverTlsContext(),
                new ImapSessions(imapBackend), foundation.authenticator());
        imapService.start();
        imap = imapService;
    }

    @Override
    public synchronized List<String> listening() {
        List<String> lines = new ArrayList<>(pop3 == null ? List.of() : pop3.listening());
        lines.addAll(imap == null ? List.of() : imap.listening());
        return lines;
    }

    @Override
    public List<DataPath> dataPaths() {
        List<DataPath> paths = new ArrayList<>();
        paths.add(foundation.storePath(ReferencePath.CAS_MAILBOX, mailboxInProcess));
        paths.add(AccessService.dataPath(Pop3Settings.PROTOCOL, config.portOffset(), foundation.authenticator()));
        paths.add(AccessService.dataPath(ImapSettings.PROTOCOL, config.portOffset(), foundation.authenticator()));
        return paths;
    }

    @Override
    public synchronized void close() {
        if (imap != null) {
            imap.close();
            imap = null;
        }
        if (pop3 != null) {
            pop3.close();
            pop3 = null;
        }
    }
}
