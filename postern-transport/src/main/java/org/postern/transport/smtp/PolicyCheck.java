package org.postern.transport.smtp;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import org.postern.core.directory.Recipient.User;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.RcptParameters;
import org.postern.protocols.smtp.ReversePath;

/**
 * One check of the SMTP policy chain (style rule 9). A check looks at one stage of a session —
 * the connection, MAIL, RCPT, the end of the data — through that stage's context record and
 * returns a {@link Verdict}; by default it has no opinion. Checks do not reply, count errors
 * or change the session: the {@link PolicyChain} and the session do that. A check may throw
 * (the directory is down): the chain answers {@code 451 4.3.0}, never a permanent refusal.
 */
interface PolicyCheck {

    default Verdict onConnect(Connect context) {
        return Verdict.NO_OPINION;
    }

    default Verdict onMail(MailFrom context) {
        return Verdict.NO_OPINION;
    }

    default Verdict onRcpt(RcptTo context) {
        return Verdict.NO_OPINION;
    }

    default Verdict onDataEnd(DataEnd context) {
        return Verdict.NO_OPINION;
    }

    /**
     * What every stage knows of the client.
     *
     * @param kind              which listener it came to
     * @param remote            the client's address
     * @param tls               whether TLS is on
     * @param authenticatedUser the user that authenticated with AUTH, if any
     * @param peerServer        the {@code host/} principal of a peer hub of the organisation that
     *                          authenticated with AUTH GSSAPI on port 25, if one did (ADR 0015)
     */
    record Client(SmtpListenerKind kind, InetAddress remote, boolean tls, Optional<User> authenticatedUser,
                  Optional<String> peerServer) {
        public Client {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(remote, "remote");
            Objects.requireNonNull(authenticatedUser, "authenticatedUser");
            Objects.requireNonNull(peerServer, "peerServer");
        }

        /** A client that is no peer hub. */
        Client(SmtpListenerKind kind, InetAddress remote, boolean tls, Optional<User> authenticatedUser) {
            this(kind, remote, tls, authenticatedUser, Optional.empty());
        }

        /** Part of the organisation: a signed-in user or an authenticated peer hub. */
        boolean organisation() {
            return authenticatedUser.isPresent() || peerServer.isPresent();
        }
    }

    /** A new connection, before the greeting. */
    record Connect(Client client) {
    }

    /** MAIL FROM (RFC 5321 section 4.1.1.2). */
    record MailFrom(Client client, String helo, ReversePath reversePath, MailParameters parameters) {
    }

    /**
     * RCPT TO (RFC 5321 section 4.1.1.3).
     *
     * @param acceptedSoFar recipients already accepted in this transaction
     */
    record RcptTo(Client client, ReversePath reversePath, ForwardPath forwardPath, RcptParameters parameters,
                  int acceptedSoFar) {
    }

    /**
     * The end of DATA or the last BDAT chunk, before the message is queued.
     *
     * @param size           octets received
     * @param receivedCount  Received header fields already in the message
     */
    record DataEnd(Client client, ReversePath reversePath, int recipients, long size, int receivedCount) {
    }
}
