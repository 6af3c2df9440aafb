package org.postern.auth.testing;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.postern.auth.AuthContext;
import org.postern.auth.AuthFailure;
import org.postern.auth.Authenticator;
import org.postern.auth.SaslExchange;
import org.postern.auth.SaslStep;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.User;
import org.postern.protocols.sasl.PlainCredentials;
import org.postern.protocols.sasl.SaslFormatException;

/**
 * The stand-in authenticator protocol session tests share: one user, {@code alice@example.test}
 * with password {@code secret}, SASL PLAIN only, nothing offered or accepted before TLS — the
 * rules of the real {@code DirectoryAuthenticator}, which is tested on its own and end to end.
 */
public final class OneUserAuthenticator implements Authenticator {

    public static final EmailAddress ALICE = EmailAddress.parse("alice@example.test");
    public static final String PASSWORD = "secret";
    public static final User ALICE_USER = new User(UUID.randomUUID(), ALICE, "Alice", "alice@example.test");

    @Override
    public List<String> mechanisms(AuthContext context) {
        return context.tls() ? List.of("PLAIN") : List.of();
    }

    @Override
    public Optional<SaslExchange> begin(String mechanism, AuthContext context) {
        if (!context.tls() || !mechanism.equalsIgnoreCase("PLAIN")) {
            return Optional.empty();
        }
        return Optional.of(new SaslExchange() {
            @Override
            public String mechanism() {
                return "PLAIN";
            }

            @Override
            public SaslStep start(Optional<byte[]> initial) {
                return initial.isPresent() ? step(initial.get()) : new SaslStep.Challenge(new byte[0]);
            }

            @Override
            public SaslStep step(byte[] response) {
                try {
                    PlainCredentials c = PlainCredentials.parse(response);
                    return check(c.authcid(), c.password());
                } catch (SaslFormatException e) {
                    return new SaslStep.Failure(AuthFailure.MALFORMED);
                }
            }

            @Override
            public SaslStep cancel() {
                return new SaslStep.Failure(AuthFailure.CANCELLED);
            }
        });
    }

    @Override
    public SaslStep login(String login, char[] password, AuthContext context) {
        return context.tls() ? check(login, new String(password)) : new SaslStep.Failure(AuthFailure.ENCRYPTION_REQUIRED);
    }

    private static SaslStep check(String login, String password) {
        return login.equals(ALICE.toString()) && password.equals(PASSWORD)
                ? new SaslStep.Success(ALICE_USER) : new SaslStep.Failure(AuthFailure.INVALID_CREDENTIALS);
    }
}
