package org.postern.auth;

import java.util.Optional;
import org.postern.protocols.sasl.LoginExchange;
import org.postern.protocols.sasl.PlainCredentials;
import org.postern.protocols.sasl.SaslFormatException;

/**
 * SASL LOGIN (draft-murchison-sasl-login-00): the server asks {@code Username:} and
 * {@code Password:}; the user name may come as the initial response. Parsing is
 * {@link LoginExchange}; an empty, over-long or NUL-bearing field ends as
 * {@link AuthFailure#MALFORMED}. LOGIN carries no authorization identity.
 */
public final class LoginMechanism implements MechanismFactory {

    public static final String NAME = "LOGIN";

    private final int maxField;

    /** Fields up to {@link PlainCredentials#DEFAULT_MAX_FIELD} octets. */
    public LoginMechanism() {
        this(PlainCredentials.DEFAULT_MAX_FIELD);
    }

    public LoginMechanism(int maxField) {
        if (maxField < 255) {
            throw new IllegalArgumentException("fields of at least 255 octets, as for PLAIN");
        }
        this.maxField = maxField;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SaslExchange newExchange(CredentialCheck check) {
        return new PasswordExchange(check) {
            private LoginExchange login;

            @Override
            public String mechanism() {
                return NAME;
            }

            @Override
            SaslStep first(Optional<byte[]> initialResponse) throws SaslFormatException {
                login = new LoginExchange(initialResponse, maxField);
                return new SaslStep.Challenge(login.challenge());
            }

            @Override
            SaslStep next(byte[] response) throws SaslFormatException {
                login.accept(response);
                Optional<PlainCredentials> credentials = login.credentials();
                if (credentials.isEmpty()) {
                    return new SaslStep.Challenge(login.challenge());
                }
                return check.password(credentials.get());
            }
        };
    }
}
