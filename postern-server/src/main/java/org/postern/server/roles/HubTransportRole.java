package org.postern.server.roles;

import java.io.IOException;
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
import org.postern.server.admin.AdminSocket;
import org.postern.transport.delivery.FinalDelivery;
import org.postern.transport.delivery.LocalDelivery;
import org.postern.transport.delivery.MailboxDelivery;
import org.postern.transport.delivery.QueueRunner;
import org.postern.transport.queue.JournalQueue;
import org.postern.transport.queue.RetryPolicy;
import org.postern.transport.relay.ClientTimeouts;
import org.postern.transport.relay.LmtpDelivery;
import org.postern.transport.relay.NextHop;
import org.postern.transport.relay.SmtpRelay;
import org.postern.transport.routing.Categorizer;
import org.postern.transport.smtp.SmtpReceiveService;
import org.postern.transport.smtp.SmtpReceiveSettings;

/**
 * The Hub Transport role (reference: "Transport Servers"): routes every message. It holds the
 * durable queue ({@code <data>/queue}), the categorizer and the delivery agents, and answers
 * {@code postern queue …} on the administration socket.
 */
public final class HubTransportRole implements RoleService {

    /**
     * Delivery workers (virtual threads): each takes one due message at a time. A delivery
     * mostly waits for the disk (the blob's fsyncs, the store's and the queue's group commits),
     * so many workers let those waits overlap and share commits (bench/smtp, ADR 0009).
     */
    static final int DELIVERY_WORKERS = 16;

    private final Foundation foundation;
    private final boolean mailboxInProcess;
    private JournalQueue queue;
    private QueueRunner runner;
    private SmtpRelay relay;
    private LmtpDelivery lmtpDelivery;
    private SmtpReceiveService smtp;
    private final KerberosService kerberos;
    private final LdapService ldap;
    private FinalDelivery afterDelivery = FinalDelivery.NONE;

    public HubTransportRole(Foundation foundation, boolean mailboxInProcess) {
        this.foundation = foundation;
        this.mailboxInProcess = mailboxInProcess;
        this.kerberos = new KerberosService(foundation);
        this.ldap = new LdapService(foundation);
    }

    /** What the mailbox role beside this hub does after final delivery (its out-of-office replies); before {@link #start}. */
    public void afterFinalDelivery(FinalDelivery after) {
        this.afterDelivery = after;
    }

    @Override
    public Role role() {
        return Role.HUB;
    }

    @Override
    public void start() throws IOException {
        kerberos.start(); // the realm's KDC and keytab, before any listener asks for the Authenticator
        ldap.start();
        queue = JournalQueue.open(foundation.folder().root().resolve("queue"));
        Categorizer categorizer = new Categorizer(foundation.recipients(), foundation.tracking());
        var transport = foundation.config().transport();
        lmtpDelivery = lmtp().isPresent()
                ? new LmtpDelivery(lmtp().get(), foundation.config().hostname(), peerHubIdentity(), foundation.tracking(),
                        ClientTimeouts.RFC_5321, transport.idleConnectionDuration(),
                        transport.mailboxServer().maxMessagesPerConnection())
                : null;
        LocalDelivery mailboxes = lmtpDelivery != null ? lmtpDelivery
                : new MailboxDelivery(foundation.recipients(), foundation.store(), foundation.tracking(), Clock.systemUTC(),
                        afterDelivery);
        relay = SmtpRelay.fromConfig(transport, foundation.folder().root(), foundation.config().hostname(),
                foundation.tracking(), peerHubIdentity()).orElse(null);
        RetryPolicy retry = new RetryPolicy(transport.retry().backoffDurations(), transport.retry().expiryDuration(),
                transport.retry().delayNoticeDuration());
        runner = new QueueRunner(queue, categorizer, mailboxes, Optional.ofNullable(relay), retry,
                foundation.config().hostname(), foundation.tracking(), Clock.systemUTC(), DELIVERY_WORKERS);
        runner.start();
        smtp = new SmtpReceiveService(foundation.config().hostname(), foundation.config().portOffset(),
                new InetSocketAddress(0).getAddress(), foundation.serverTlsContext(), foundation.recipients(),
                foundation.authenticator(), queue, foundation.tracking(), SmtpReceiveSettings.DEFAULTS,
                lmtpDelivery == null ? Optional.of(foundation.store()) : Optional.empty()); // a full mailbox refused at RCPT
        smtp.start();
    }

    /**
     * The mailbox server this hub delivers to by LMTP: only when the mailbox role runs in
     * another process and {@code transport.mailbox_server} names it (else the hub writes the
     * store itself, a method call).
     */
    private Optional<NextHop> lmtp() {
        var server = foundation.config().transport().mailboxServer();
        return mailboxInProcess || server == null ? Optional.empty() : Optional.of(new NextHop(server.host(), server.port()));
    }

    /**
     * What this hub authenticates as towards peer hubs (ADR 0015): its {@code host/} principal,
     * from the realm's keytab (the embedded KDC's or the external realm's), when there is one.
     */
    private Optional<GssapiInitiator> peerHubIdentity() {
        String hostname = foundation.config().hostname();
        return foundation.serviceKeys().filter(keys -> Files.isRegularFile(keys.keytab()))
                .map(keys -> new GssapiInitiator(keys.keytab(), keys.hostPrincipal(hostname)));
    }

    @Override
    public List<String> listening() {
        List<String> where = new ArrayList<>(kerberos.listening());
        where.addAll(ldap.listening());
        where.addAll(smtp == null ? List.of() : smtp.listening());
        return where;
    }

    /** The queue, once started. */
    public JournalQueue queue() {
        return queue;
    }

    @Override
    public void registerAdminCommands(AdminSocket admin) {
        admin.register("queue", new QueueAdmin(queue));
    }

    @Override
    public List<DataPath> dataPaths() {
        List<DataPath> paths = new ArrayList<>(receivePaths());
        paths.addAll(ldap.dataPaths()); // hub-directory: the LDAP endpoint once it serves, else in-process
        (relay != null ? relay.hubToHubPath() : SmtpRelay.hubToHubPath(foundation.config().transport())).ifPresent(paths::add);
        if (lmtp().isPresent()) {
            paths.add(LmtpDelivery.dataPath(lmtp().get().port()));
        } else if (mailboxInProcess) {
            paths.add(DataPath.inProcess(ReferencePath.HUB_MAILBOX_DELIVERY, "store"));
        }
        return paths;
    }

    /** What the SMTP listeners carry; described without binding when the role is not started (postern datapaths). */
    private List<DataPath> receivePaths() {
        if (smtp != null) {
            return smtp.dataPaths();
        }
        return SmtpReceiveService.dataPaths(foundation.config().portOffset(), SmtpReceiveSettings.DEFAULTS,
                foundation.authenticator().defaultReferenceMethods("submission"),
                foundation.authenticator().supportedReferenceMethods("submission"));
    }

    @Override
    public void close() {
        if (smtp != null) {
            smtp.close();
        }
        if (runner != null) {
            runner.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (lmtpDelivery != null) {
            lmtpDelivery.close();
        }
        if (queue != null) {
            try {
                queue.close();
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(HubTransportRole.class).warn("closing the queue: {}", e.getMessage());
            }
        }
        ldap.close();
        kerberos.close();
    }
}
