package org.postern.transport.smtp;

import java.util.List;
import org.postern.core.datapath.AuthMethod;
import org.postern.core.datapath.Carrier;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.Encryption;
import org.postern.core.datapath.Port;
import org.postern.core.datapath.ReferencePath;
import org.postern.core.tracking.TrackingEventType;
import org.postern.protocols.smtp.SmtpDialect;

/**
 * The three SMTP listeners of a Hub Transport and what distinguishes them. Everything else —
 * the command table, the policy chain, the queue — is shared.
 *
 * <ul>
 *   <li>{@link #MX}: port 25, mail from anyone for the accepted domains (RFC 5321); STARTTLS
 *       offered, AUTH offered after TLS (an authenticated client may relay);</li>
 *   <li>{@link #SUBMISSION}: port 587 (RFC 6409), STARTTLS, AUTH required before MAIL
 *       ({@code 530 5.7.0});</li>
 *   <li>{@link #SUBMISSIONS}: port 465 with TLS from the first byte (RFC 8314 section 3.3),
 *       AUTH required before MAIL.</li>
 * </ul>
 */
public enum SmtpListenerKind {
    MX("SMTP", 25, false, false, TrackingEventType.RECEIVE),
    SUBMISSION("submission", 587, false, true, TrackingEventType.SUBMIT),
    SUBMISSIONS("submissions", 465, true, true, TrackingEventType.SUBMIT),
    /**
     * LMTP (RFC 2033) on the Mailbox role, port 24: only hubs of the organisation deliver there
     * (STARTTLS, then AUTH GSSAPI with their {@code host/} principal), one reply per recipient.
     */
    LMTP("LMTP", 24, false, true, TrackingEventType.DELIVER);

    private final String listenerName;
    private final int basePort;
    private final boolean implicitTls;
    private final boolean authRequired;
    private final TrackingEventType trackingType;

    SmtpListenerKind(String listenerName, int basePort, boolean implicitTls, boolean authRequired,
                     TrackingEventType trackingType) {
        this.listenerName = listenerName;
        this.basePort = basePort;
        this.implicitTls = implicitTls;
        this.authRequired = authRequired;
        this.trackingType = trackingType;
    }

    /** The name in logs, in the envelope's {@code Origin} and in refusals. */
    public String listenerName() {
        return listenerName;
    }

    /** The reference's port number, before the deployment's offset. */
    public int basePort() {
        return basePort;
    }

    public int port(int offset) {
        return Port.tcp(basePort, offset).number();
    }

    /** TLS from the first byte (RFC 8314); no STARTTLS then. */
    public boolean implicitTls() {
        return implicitTls;
    }

    /** Whether MAIL, RCPT, DATA and BDAT need a successful AUTH first (message submission). */
    public boolean authRequired() {
        return authRequired;
    }

    /** Whether the listener is a submission port (RFC 6409): messages get Message-ID and Date if they lack them. */
    public boolean isSubmission() {
        return this == SUBMISSION || this == SUBMISSIONS;
    }

    /** SMTP, or LMTP (LHLO, a reply per recipient after the data) on port 24. */
    public SmtpDialect dialect() {
        return this == LMTP ? SmtpDialect.LMTP : SmtpDialect.SMTP;
    }

    /**
     * Where servers of the organisation (a {@code host/} principal) may authenticate: 25 (peer
     * hubs relaying), LMTP (hubs delivering) and 587 (mailbox servers submitting, ADR 0015).
     */
    boolean acceptsServers() {
        return this == MX || this == LMTP || this == SUBMISSION;
    }

    /** RECEIVE for mail from other servers, SUBMIT for mail from a user's client. */
    public TrackingEventType trackingType() {
        return trackingType;
    }

    /**
     * The data path this listener carries. Port 25 carries the edge-edge row: a one-server
     * install faces the Internet itself, anonymously, with STARTTLS offered; Kerberos between
     * hubs and certificate authentication come later and are not declared until they work.
     * Both submission ports carry the client-smtp row ({@code smtp-submission}): by default
     * what the Authenticator offers inside TLS now (plain, and Kerberos once GSSAPI is offered),
     * supported what it can be configured to offer (PLAIN, LOGIN, NTLM, Kerberos).
     */
    static DataPath dataPath(ReferencePath row, List<SmtpListenerKind> kinds, int offset, List<AuthMethod> defaults,
            List<AuthMethod> supported) {
        List<Port> ports = kinds.stream().map(k -> Port.tcp(k.basePort, offset)).toList();
        return switch (row) {
            case EDGE_EDGE -> new DataPath(row, "smtp", Carrier.NETWORK, ports, List.of(AuthMethod.ANONYMOUS),
                    List.of(AuthMethod.ANONYMOUS), Encryption.TLS, true);
            case CLIENT_SMTP -> new DataPath(row, "smtp-submission", Carrier.NETWORK, ports,
                    defaults, supported, Encryption.TLS, true);
            case HUB_MAILBOX_DELIVERY -> new DataPath(row, "lmtp", Carrier.NETWORK, ports, List.of(AuthMethod.KERBEROS),
                    List.of(AuthMethod.KERBEROS), Encryption.TLS, true);
            default -> throw new IllegalArgumentException("not an SMTP receive row: " + row);
        };
    }

    /** The mechanisms a submission listener offers without an Authenticator to ask (postern datapaths alone). */
    static final List<AuthMethod> DEFAULT_AUTH = List.of(AuthMethod.PLAIN, AuthMethod.LOGIN);

    /** The reference row this listener belongs to. */
    ReferencePath row() {
        return switch (this) {
            case MX -> ReferencePath.EDGE_EDGE;
            case SUBMISSION, SUBMISSIONS -> ReferencePath.CLIENT_SMTP;
            case LMTP -> ReferencePath.HUB_MAILBOX_DELIVERY;
        };
    }
}
