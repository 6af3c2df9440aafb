package org.postern.auth;

import java.net.InetAddress;
import java.util.List;
import org.postern.core.datapath.AuthMethod;
import java.util.Optional;

/**
 * The one authentication layer every protocol uses (issue "Authentication and directory"):
 * which SASL mechanisms are offered on a connection, the exchange for one of them, and the
 * plain user-and-password check of IMAP LOGIN and POP3 USER/PASS. Every attempt, by any
 * path, goes through the same failure throttle.
 *
 * <p>No mechanism that carries a password is offered, nor accepted, before TLS.
 */
public interface Authenticator {

    /** The mechanisms to advertise on this connection now, in order of preference; empty before TLS. */
    List<String> mechanisms(AuthContext context);

    /**
     * Begins an exchange; empty when the mechanism is unknown or not offered in this context
     * (the session answers {@link AuthFailure#MECHANISM_UNAVAILABLE}, or
     * {@link AuthFailure#ENCRYPTION_REQUIRED} when {@code context.tls()} is false).
     */
    Optional<SaslExchange> begin(String mechanism, AuthContext context);

    /**
     * What a protocol's clients are offered once under TLS, in the reference's names — what
     * its listeners declare as supported authentication in their data paths.
     */
    default List<AuthMethod> referenceMethods(String protocol) {
        return ReferenceMethods.of(mechanisms(new AuthContext(protocol, InetAddress.getLoopbackAddress(), true)));
    }

    /**
     * A data path's default column: what a client of this protocol is offered now, under TLS,
     * in the reference's kinds ({@link ReferenceMethods#defaultColumn}).
     */
    default List<AuthMethod> defaultReferenceMethods(String protocol) {
        return ReferenceMethods.defaultColumn(referenceMethods(protocol));
    }

    /**
     * A data path's supported column: every method this authenticator can offer by
     * configuration; by default just what it offers now.
     */
    default List<AuthMethod> supportedReferenceMethods(String protocol) {
        return referenceMethods(protocol);
    }

    /** IMAP LOGIN, POP3 USER/PASS: a login and a password, checked like SASL PLAIN. */
    SaslStep login(String login, char[] password, AuthContext context);
}
