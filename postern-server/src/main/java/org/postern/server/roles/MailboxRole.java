package org.postern.server.roles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postern.auth.GssapiInitiator;
import org.postern.core.Role;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.ReferencePath;
import org.postern.server.Foundation;
import org.postern.transport.delivery.AutoResponder;
import org.postern.transport.delivery.FinalDelivery;
import org.postern.transport.relay.NextHop;
import org.postern.transport.relay.SmtpSubmission;
import org.postern.transport.smtp.LmtpReceiveService;
import org.postern.transport.smtp.SmtpReceiveSettings;
import org.postern.transport.submission.QueueSubmission;
import org.postern.transport.submission.Submission;

/**
 * The Mailbox role: holds the mailbox store and reaches the directory for its owners. When no
 * hub runs in this process it takes mail from the hubs by LMTP on 24 plus the offset
 * (hub-mailbox-delivery: STARTTLS, AUTH GSSAPI by a hub's {@code host/} principal; ADR 0015);
 * with a hub beside it, delivery stays a method call and no LMTP port opens. What it sends itself
 * goes to the hub through {@link #submission()} (mailbox-hub-submission): the hub's queue in one
 * process, else SMTP submission to {@code transport.hub_server} as its {@code host/} principal.
 */
public final class MailboxRole implements RoleService {

    private final Foundation foundation;
    private final Optional<HubTransportRole> hub;
    private final boolean hubInProcess;
    private LmtpReceiveService lmtp;
    private AutoResponder responder;

    /** @param hub the hub role of this process, if it runs one */
    public MailboxRole(Foundation foundation, Optional<HubTransportRole> hub) {
        this.foundation = foundation;
        this.hub = hub;
        this.hubInProcess = hub.isPresent();
    }

    /**
     * The out-of-office replies (RFC 3834) made after final delivery, submitted through {@link
     * #submission()}; the settings are opened at the first delivery, not when the role is assembled.
     */
    public FinalDelivery autoResponder() {
        return (owner, reversePath, content) -> responder().stored(owner, reversePath, content);
    }

    private synchronized AutoResponder responder() {
        if (responder == null) {
            responder = newResponder();
        }
        return responder;
    }

    private AutoResponder newResponder() {
        return new AutoResponder(foundation.autoReplies(), foundation.recipients(), () -> {
            try {
                return submission();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, foundation.config().hostname(), Clock.systemUTC());
    }

    /**
     * How this mailbox server gives the hub what it sends: the hub's queue in one process (once
     * the hub has started), SMTP submission with Kerberos to {@code transport.hub_server}
     * otherwise; empty when neither is there (no hub configured, or no keytab to authenticate with).
     */
    public Optional<Submission> submission() throws IOException {
        if (hub.isPresent()) {
            return Optional.ofNullable(hub.get().queue())
                    .map(q -> new QueueSubmission(q, foundation.tracking(), Clock.systemUTC()));
        }
        var server = foundation.config().transport().hubServer();
        String hostname = foundation.config().hostname();
        Optional<GssapiInitiator> identity = foundation.serviceKeys().filter(keys -> Files.isRegularFile(keys.keytab()))
                .map(keys -> new GssapiInitiator(keys.keytab(), keys.hostPrincipal(hostname)));
        if (server == null || identity.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SmtpSubmission(new NextHop(server.host(), server.port()), hostname, identity.get()));
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
                foundation.authenticator(), foundation.store(), foundation.tracking(), SmtpReceiveSettings.DEFAULTS,
                autoResponder());
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
        var hubServer = foundation.config().transport().hubServer();
        if (hubInProcess) {
            paths.add(DataPath.inProcess(ReferencePath.MAILBOX_HUB_SUBMISSION, "queue"));
        } else if (hubServer != null) {
            paths.add(SmtpSubmission.dataPath(hubServer.port()));
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
