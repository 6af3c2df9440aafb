package org.postern.transport.relay;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.security.sasl.SaslException;
import org.postern.auth.GssapiInitiator;
import org.postern.auth.GssapiMechanism;
import org.postern.core.datapath.AuthMethod;
import org.postern.core.datapath.Carrier;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.Encryption;
import org.postern.core.datapath.Port;
import org.postern.core.datapath.ReferencePath;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.RcptParameters;
import org.postern.protocols.smtp.ReversePath;
import org.postern.protocols.smtp.SmtpExtension;
import org.postern.protocols.smtp.SmtpReply;
import org.postern.transport.submission.Submission;

/**
 * Submission to a hub in another process (reference row mailbox-hub-submission): SMTP
 * submission (RFC 6409) to the hub's port 587, STARTTLS required, AUTH GSSAPI as this mailbox
 * server's {@code host/} principal for the hub's {@code smtp/} service — the hub takes that
 * principal as a server of the organisation, which may send for any of its users (ADR 0015).
 * The hub's name for Kerberos is the configured host, or its EHLO name when that is an address.
 * Anything short of {@code 250} for every recipient is thrown.
 *
 * <p>One connection per message, on purpose, unlike the relay and {@link LmtpDelivery}, which keep
 * theirs in a {@link ConnectionCache}: what goes this way is only what the mailbox server makes
 * itself, today the out-of-office replies of {@code AutoResponder} — at most one per owner and
 * sender in seven days (RFC 3834 section 2), each submitted on a virtual thread of its own as the
 * delivery that caused it ends. Replies are rare, and when several come together (one message to
 * many absent users) they go at once, each needing a connection of its own anyway; a kept
 * connection would seldom be reused, and would hold an authenticated session on the hub's
 * submission port idle meanwhile. Should the mailbox server come to submit a steady stream
 * (journal reports, say), share the relay's {@code ConnectionCache} as LMTP delivery does.
 */
public final class SmtpSubmission implements Submission {

    private final NextHop hub;
    private final String heloName;
    private final ClientTls tls;
    private final GssapiInitiator kerberos;

    /**
     * @param hub      the hub's submission host and port
     * @param heloName this mailbox server's name, in EHLO
     * @param kerberos this mailbox server's {@code host/} principal and keytab
     */
    public SmtpSubmission(NextHop hub, String heloName, GssapiInitiator kerberos) throws IOException {
        this.hub = hub;
        this.heloName = heloName;
        this.tls = ClientTls.create(Optional.empty());
        this.kerberos = kerberos;
    }

    /** mailbox-hub-submission as this client carries it: SMTP submission to the hub's port, Kerberos inside TLS. */
    public static DataPath dataPath(int hubPort) {
        return new DataPath(ReferencePath.MAILBOX_HUB_SUBMISSION, "smtp-submission", Carrier.NETWORK,
                List.of(Port.tcp(587, hubPort - 587)), List.of(AuthMethod.KERBEROS), List.of(AuthMethod.KERBEROS),
                Encryption.TLS, true);
    }

    @Override
    public String submit(ReversePath from, List<ForwardPath> to, byte[] content) throws IOException {
        InetAddress address = InetAddress.getAllByName(hub.host())[0];
        try (SmtpClient c = SmtpClient.connect(hub, address, ClientTimeouts.RFC_5321)) {
            open(c);
            MailParameters params = new MailParameters(
                    c.supports(SmtpExtension.SIZE) ? OptionalLong.of(content.length) : OptionalLong.empty(),
                    Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty());
            List<SmtpClient.RecipientReply> replies = c.transaction(from, params, to,
                    to.stream().map(r -> RcptParameters.NONE).toList(), () -> new ByteArrayInputStream(content),
                    content.length, false);
            for (SmtpClient.RecipientReply r : replies) {
                if (!r.reply().code().isPositive()) {
                    throw new IOException("hub " + c.peer() + " refused at " + r.stage() + ": " + oneLine(r.reply()));
                }
            }
            c.quit();
            return oneLine(replies.getFirst().reply()) + " (" + c.peer() + ")";
        }
    }

    /** Greeting, EHLO, STARTTLS, EHLO, AUTH GSSAPI; thrown when any of them fails. */
    private void open(SmtpClient c) throws IOException {
        SmtpReply greeting = c.greeting();
        if (!greeting.code().isPositive()) {
            throw new IOException("hub " + c.peer() + " greeted with " + oneLine(greeting));
        }
        if (!c.hello(heloName).code().isPositive() || !c.supports(SmtpExtension.STARTTLS)
                || c.startTls().code().value() != 220) {
            throw new IOException("hub " + c.peer() + " offers no STARTTLS; submission goes only under TLS");
        }
        c.upgrade(tls, TlsPolicy.OPPORTUNISTIC); // the hub is proven by Kerberos below, as for LMTP (ADR 0015)
        if (!c.hello(heloName).code().isPositive()) {
            throw new IOException("hub " + c.peer() + " refused EHLO after STARTTLS");
        }
        if (!c.ehlo().map(e -> e.authMechanisms().contains(GssapiMechanism.NAME)).orElse(false)) {
            throw new IOException("hub " + c.peer() + " does not offer AUTH GSSAPI");
        }
        String name = c.kerberosHostName();
        SmtpReply auth;
        try (GssapiInitiator.Exchange exchange = kerberos.start("smtp", name)) {
            auth = c.authGssapi(exchange);
        } catch (SaslException e) {
            throw new IOException("Kerberos to the hub " + c.peer() + " (smtp/" + name + ") failed: " + e.getMessage(), e);
        }
        if (auth.code().value() != 235) {
            throw new IOException("hub " + c.peer() + " refused " + kerberos.principal() + ": " + oneLine(auth));
        }
    }

    private static String oneLine(SmtpReply reply) {
        return reply.toString().replace("\r\n", " ").strip();
    }
}
