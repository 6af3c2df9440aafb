package org.postern.auth;

/**
 * One SASL mechanism (RFC 4422 section 3) that {@link DirectoryAuthenticator} can offer: its
 * name and a new exchange per attempt. PLAIN and LOGIN are {@link PlainMechanism} and
 * {@link LoginMechanism}; GSSAPI and NTLM are added the same way, by passing their factories to
 * the authenticator, with no name tested anywhere else.
 *
 * <p>Every exchange checks credentials through the {@link CredentialCheck} it is given, which
 * applies the one failure throttle and writes the log; a mechanism never calls the directory's
 * password check or the throttle by itself.
 */
public interface MechanismFactory {

    /** The mechanism's registered name as offered on the wire, upper case (RFC 4422 section 3.1). */
    String name();

    /** A new exchange for one attempt, in the context of {@code check}. */
    SaslExchange newExchange(CredentialCheck check);
}
