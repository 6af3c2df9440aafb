package org.postern.auth;

import java.util.Optional;
import org.postern.protocols.sasl.PlainCredentials;
import org.postern.protocols.sasl.SaslFormatException;

/**
 * SASL PLAIN (RFC 4616): one message, {@code [authzid] NUL authcid NUL passwd}, as the initial
 * response or after an empty challenge (RFC 4422 section 5, RFC 4954 section 4). Parsing is
 * {@link PlainCredentials#parse}; a message that does not follow the grammar or exceeds the
 * field bound ends as {@link AuthFailure#MALFORMED}.
 */
public final class PlainMechanism implements MechanismFactory {

    public static final String NAME = "PLAIN";

    private final int maxField;

    /** Fields up to {@link PlainCredentials#DEFAULT_MAX_FIELD} octets. */
    public PlainMechanism() {
        this(PlainCredentials.DEFAULT_MAX_FIELD);
    }

    public PlainMechanism(int maxField) {
        if (maxField < 255) {
            throw new IllegalArgumentException("RFC 4616 section 2 asks for at least 255 octets per field");
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
            @Override
            public String mechanism() {
                return NAME;
            }

            @Override
            SaslStep first(Optional<byte[]> initialResponse) throws SaslFormatException {
                if (initialResponse.isEmpty()) {
                    return new SaslStep.Challenge(new byte[0]);
                }
                return next(initialResponse.get());
            }

            @Override
            SaslStep next(byte[] response) throws SaslFormatException {
                return check.password(PlainCredentials.parse(response, maxField));
            }
        };
    }
}
