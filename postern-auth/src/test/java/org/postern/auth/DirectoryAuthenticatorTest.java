package org.postern.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.auth.SaslStep.Challenge;
import org.postern.auth.SaslStep.Failure;
import org.postern.auth.SaslStep.Success;
import org.postern.auth.testing.FakeDirectory;
import org.postern.core.directory.Recipient.User;

class DirectoryAuthenticatorTest {

    private final FakeDirectory directory = new FakeDirectory();
    private final FakeTime time = new FakeTime();
    private final AuthThrottle throttle = new AuthThrottle(AuthThrottleSettings.DEFAULTS, time, time);
    private final DirectoryAuthenticator auth = new DirectoryAuthenticator(directory, throttle);
    private User alice;
    private User bob;

    @BeforeEach
    void users() {
        alice = directory.add("alice@example.test", "correct horse");
        bob = directory.add("bob@example.test", "battery staple");
        directory.alias("a.liddell@example.test", alice);
    }

    private static AuthContext tls(String address) throws Exception {
        return new AuthContext("imap", InetAddress.getByName(address), true);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private SaslStep plain(String message, AuthContext context) {
        return auth.begin("PLAIN", context).orElseThrow().start(Optional.of(bytes(message)));
    }

    private static SaslStep failure(AuthFailure reason) {
        return new Failure(reason);
    }

    // --- what is offered, and when

    @Test
    void nothingIsOfferedNorAcceptedBeforeTls() throws Exception {
        AuthContext clear = new AuthContext("smtp", InetAddress.getByName("192.0.2.1"), false);

        assertThat(auth.mechanisms(clear)).isEmpty();
        assertThat(auth.begin("PLAIN", clear)).isEmpty();
        assertThat(auth.begin("LOGIN", clear)).isEmpty();
        assertThat(auth.login("alice@example.test", "correct horse".toCharArray(), clear))
                .isEqualTo(failure(AuthFailure.ENCRYPTION_REQUIRED));
        assertThat(directory.passwordChecks).hasValue(0);
    }

    @Test
    void plainAndLoginAreOfferedAfterTls() throws Exception {
        AuthContext context = tls("192.0.2.1");

        assertThat(auth.mechanisms(context)).containsExactly("PLAIN", "LOGIN");
        assertThat(auth.begin("plain", context)).get().extracting(SaslExchange::mechanism).isEqualTo("PLAIN");
        assertThat(auth.begin("CRAM-MD5", context)).isEmpty();
        assertThat(auth.begin("GSSAPI", context)).isEmpty();
    }

    // --- PLAIN (RFC 4616)

    @Test
    void plainWithInitialResponse() throws Exception {
        assertThat(plain("\0alice@example.test\0correct horse", tls("192.0.2.1"))).isEqualTo(new Success(alice));
    }

    @Test
    void plainWithoutInitialResponseGetsAnEmptyChallenge() throws Exception {
        SaslExchange x = auth.begin("PLAIN", tls("192.0.2.1")).orElseThrow();

        SaslStep first = x.start(Optional.empty());
        assertThat(first).isInstanceOfSatisfying(Challenge.class, c -> assertThat(c.data()).isEmpty());
        assertThat(x.step(bytes("\0ALICE@example.test\0correct horse"))).isEqualTo(new Success(alice));
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() throws Exception {
        AuthContext context = tls("192.0.2.1");

        SaslStep wrong = plain("\0alice@example.test\0Correct horse", context);
        SaslStep unknown = plain("\0carol@example.test\0correct horse", context);

        assertThat(wrong).isEqualTo(failure(AuthFailure.INVALID_CREDENTIALS));
        assertThat(unknown).isEqualTo(wrong);
        assertThat(throttle.failures()).isEqualTo(2);
    }

    @Test
    void malformedPlainMessagesAreRefusedWithoutAskingTheDirectory() throws Exception {
        AuthContext context = tls("192.0.2.1");
        String longField = "x".repeat(1025);
        List<byte[]> malformed = List.of(
                bytes("alice@example.test correct horse"),            // no NUL
                bytes("alice@example.test\0correct horse"),          // one NUL
                bytes("\0alice@example.test\0correct\0horse"),       // too many fields
                bytes("\0alice@example.test\0"),                     // empty password
                bytes("\0\0correct horse"),                          // empty authcid
                bytes("\0" + longField + "\0correct horse"),         // over-long authcid
                bytes("\0alice@example.test\0" + longField),         // over-long password
                new byte[] {0, 'a', 0, (byte) 0xC3, 0x28},           // not UTF-8
                new byte[0]);                                        // "=" on the wire

        for (byte[] message : malformed) {
            SaslExchange x = auth.begin("PLAIN", context).orElseThrow();
            assertThat(x.start(Optional.of(message))).isEqualTo(failure(AuthFailure.MALFORMED));
        }
        SaslExchange afterChallenge = auth.begin("PLAIN", context).orElseThrow();
        afterChallenge.start(Optional.empty());
        assertThat(afterChallenge.step(bytes("no nul at all"))).isEqualTo(failure(AuthFailure.MALFORMED));

        assertThat(directory.passwordChecks).hasValue(0);
        assertThat(throttle.failures()).isZero();
    }

    @Test
    void cancelEndsTheExchange() throws Exception {
        SaslExchange x = auth.begin("PLAIN", tls("192.0.2.1")).orElseThrow();
        x.start(Optional.empty());

        assertThat(x.cancel()).isEqualTo(failure(AuthFailure.CANCELLED));
        assertThatThrownBy(() -> x.step(bytes("\0alice@example.test\0correct horse")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(throttle.failures()).isZero();
    }

    @Test
    void anExchangeThatEndedTakesNoMoreSteps() throws Exception {
        SaslExchange x = auth.begin("PLAIN", tls("192.0.2.1")).orElseThrow();
        x.start(Optional.of(bytes("\0alice@example.test\0correct horse")));

        assertThatThrownBy(() -> x.step(new byte[0])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> x.start(Optional.empty())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAuthzidOtherThanTheUserIsNotAuthorized() throws Exception {
        AuthContext context = tls("192.0.2.1");

        assertThat(plain("bob@example.test\0alice@example.test\0correct horse", context))
                .isEqualTo(failure(AuthFailure.NOT_AUTHORIZED));
        // a wrong password is told as such, whatever the authzid
        assertThat(plain("bob@example.test\0alice@example.test\0wrong", context))
                .isEqualTo(failure(AuthFailure.INVALID_CREDENTIALS));
    }

    @Test
    void anAuthzidNamingTheUserItselfIsAccepted() throws Exception {
        AuthContext context = tls("192.0.2.1");

        assertThat(plain("alice@example.test\0alice@example.test\0correct horse", context)).isEqualTo(new Success(alice));
        assertThat(plain("Alice@Example.test\0alice@example.test\0correct horse", context)).isEqualTo(new Success(alice));
        assertThat(plain("a.liddell@example.test\0alice@example.test\0correct horse", context)).isEqualTo(new Success(alice));
        assertThat(plain("\0bob@example.test\0battery staple", context)).isEqualTo(new Success(bob));
    }

    @Test
    void anUnavailableDirectoryIsTemporaryAndNotCountedAsAFailure() throws Exception {
        directory.unavailable = true;

        assertThat(plain("\0alice@example.test\0correct horse", tls("192.0.2.1"))).isEqualTo(failure(AuthFailure.TEMPORARY));
        assertThat(throttle.failures()).isZero();
    }

    // --- LOGIN (draft-murchison-sasl-login)

    @Test
    void loginInTwoSteps() throws Exception {
        SaslExchange x = auth.begin("LOGIN", tls("192.0.2.1")).orElseThrow();

        assertThat(x.start(Optional.empty())).isInstanceOfSatisfying(Challenge.class,
                c -> assertThat(new String(c.data(), UTF_8)).isEqualTo("Username:"));
        assertThat(x.step(bytes("alice@example.test"))).isInstanceOfSatisfying(Challenge.class,
                c -> assertThat(new String(c.data(), UTF_8)).isEqualTo("Password:"));
        assertThat(x.step(bytes("correct horse"))).isEqualTo(new Success(alice));
    }

    @Test
    void loginWithTheUserNameAsInitialResponse() throws Exception {
        SaslExchange x = auth.begin("LOGIN", tls("192.0.2.1")).orElseThrow();

        assertThat(x.start(Optional.of(bytes("alice@example.test")))).isInstanceOfSatisfying(Challenge.class,
                c -> assertThat(new String(c.data(), UTF_8)).isEqualTo("Password:"));
        assertThat(x.step(bytes("wrong"))).isEqualTo(failure(AuthFailure.INVALID_CREDENTIALS));
    }

    @Test
    void malformedLoginResponses() throws Exception {
        AuthContext context = tls("192.0.2.1");

        SaslExchange emptyUser = auth.begin("LOGIN", context).orElseThrow();
        assertThat(emptyUser.start(Optional.of(new byte[0]))).isEqualTo(failure(AuthFailure.MALFORMED));

        SaslExchange nul = auth.begin("LOGIN", context).orElseThrow();
        nul.start(Optional.empty());
        assertThat(nul.step(bytes("alice\0bob"))).isEqualTo(failure(AuthFailure.MALFORMED));

        SaslExchange longPassword = auth.begin("LOGIN", context).orElseThrow();
        longPassword.start(Optional.of(bytes("alice@example.test")));
        assertThat(longPassword.step(bytes("p".repeat(1025)))).isEqualTo(failure(AuthFailure.MALFORMED));

        SaslExchange cancelled = auth.begin("LOGIN", context).orElseThrow();
        cancelled.start(Optional.empty());
        cancelled.step(bytes("alice@example.test"));
        assertThat(cancelled.cancel()).isEqualTo(failure(AuthFailure.CANCELLED));

        assertThat(directory.passwordChecks).hasValue(0);
    }

    // --- IMAP LOGIN, POP3 USER/PASS

    @Test
    void plainLoginCommand() throws Exception {
        AuthContext context = tls("192.0.2.1");

        assertThat(auth.login("alice@example.test", "correct horse".toCharArray(), context)).isEqualTo(new Success(alice));
        assertThat(auth.login("alice@example.test", "nope".toCharArray(), context))
                .isEqualTo(failure(AuthFailure.INVALID_CREDENTIALS));
        assertThat(auth.login("", "x".toCharArray(), context)).isEqualTo(failure(AuthFailure.MALFORMED));
        assertThat(auth.login("alice@example.test", new char[0], context)).isEqualTo(failure(AuthFailure.MALFORMED));
        assertThat(auth.login("a".repeat(1025), "x".toCharArray(), context)).isEqualTo(failure(AuthFailure.MALFORMED));
    }

    // --- the throttle, through the authenticator

    @Test
    void afterTheLockoutEvenTheRightPasswordIsRefusedWithoutAsking() throws Exception {
        AuthContext attacker = tls("10.0.0.1");
        for (int i = 0; i < AuthThrottleSettings.DEFAULTS.lockoutFailures(); i++) {
            assertThat(plain("\0alice@example.test\0guess" + i, attacker)).isEqualTo(failure(AuthFailure.INVALID_CREDENTIALS));
        }
        int checks = directory.passwordChecks.get();

        assertThat(plain("\0alice@example.test\0correct horse", attacker)).isEqualTo(failure(AuthFailure.THROTTLED));
        assertThat(auth.login("alice@example.test", "correct horse".toCharArray(), attacker))
                .isEqualTo(failure(AuthFailure.THROTTLED));
        assertThat(directory.passwordChecks).hasValue(checks);
        assertThat(throttle.throttled()).isEqualTo(2);

        time.advance(AuthThrottleSettings.DEFAULTS.coolDown());
        assertThat(plain("\0alice@example.test\0correct horse", attacker)).isEqualTo(new Success(alice));
    }

    @Test
    void anAttackerHammeringAliceFromOneAddressDoesNotLockHerOutElsewhere() throws Exception {
        AuthContext attacker = tls("10.0.0.1");
        AuthContext aliceAtHome = tls("10.0.0.2");
        int refused = 0;
        for (int i = 0; i < 100; i++) {
            SaslStep step = plain("\0alice@example.test\0guess" + i, attacker);
            assertThat(step).isIn(failure(AuthFailure.INVALID_CREDENTIALS), failure(AuthFailure.THROTTLED));
            refused += step.equals(failure(AuthFailure.THROTTLED)) ? 1 : 0;
        }
        assertThat(refused).isEqualTo(100 - AuthThrottleSettings.DEFAULTS.lockoutFailures());
        assertThat(time.sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(15)));
        int sleeps = time.sleeps.size();

        assertThat(plain("\0alice@example.test\0correct horse", aliceAtHome)).isEqualTo(new Success(alice));
        assertThat(auth.login("alice@example.test", "correct horse".toCharArray(), aliceAtHome)).isEqualTo(new Success(alice));
        assertThat(time.sleeps).hasSize(sleeps); // her successes did not wait
        // and a typo of hers is answered, slowly perhaps, but not refused
        assertThat(plain("\0alice@example.test\0correct hose", aliceAtHome)).isEqualTo(failure(AuthFailure.INVALID_CREDENTIALS));
        assertThat(plain("\0alice@example.test\0correct horse", aliceAtHome)).isEqualTo(new Success(alice));
        // the attacker is still cooling down
        assertThat(plain("\0alice@example.test\0correct horse", attacker)).isEqualTo(failure(AuthFailure.THROTTLED));
    }

    // --- the registry is open to more mechanisms (GSSAPI, NTLM later)

    /** A mechanism that checks its own secret, as NTLM or GSSAPI will: the account, then a token. */
    private static final class TokenMechanism implements MechanismFactory {
        private final User user;

        TokenMechanism(User user) {
            this.user = user;
        }

        @Override
        public String name() {
            return "X-TOKEN";
        }

        @Override
        public SaslExchange newExchange(CredentialCheck check) {
            return new SaslExchange() {
                @Override
                public String mechanism() {
                    return "X-TOKEN";
                }

                @Override
                public SaslStep start(Optional<byte[]> initialResponse) {
                    return new Challenge(new byte[0]);
                }

                @Override
                public SaslStep step(byte[] response) {
                    String account = user.login();
                    Optional<SaslStep> refused = check.refusal(account);
                    if (refused.isPresent()) {
                        return refused.get();
                    }
                    return new String(response, UTF_8).equals("token") ? check.succeeded(account, user) : check.failed(account);
                }

                @Override
                public SaslStep cancel() {
                    return new Failure(AuthFailure.CANCELLED);
                }
            };
        }
    }

    @Test
    void moreMechanismsAreRegisteredNotSwitchedOn() throws Exception {
        List<MechanismFactory> factories = new java.util.ArrayList<>(DirectoryAuthenticator.passwordMechanisms());
        factories.add(new TokenMechanism(alice));
        DirectoryAuthenticator extended = new DirectoryAuthenticator(directory, throttle, factories);
        AuthContext context = tls("192.0.2.7");

        assertThat(extended.mechanisms(context)).containsExactly("PLAIN", "LOGIN", "X-TOKEN");
        SaslExchange ok = extended.begin("x-token", context).orElseThrow();
        ok.start(Optional.empty());
        assertThat(ok.step(bytes("token"))).isEqualTo(new Success(alice));
        SaslExchange bad = extended.begin("X-TOKEN", context).orElseThrow();
        bad.start(Optional.empty());
        assertThat(bad.step(bytes("forged"))).isEqualTo(failure(AuthFailure.INVALID_CREDENTIALS));
        assertThat(throttle.failures()).isEqualTo(1);
        assertThat(extended.mechanisms(new AuthContext("pop3", InetAddress.getByName("192.0.2.7"), false))).isEmpty();
    }

    @Test
    void mechanismNamesMustBeValidAndUnique() {
        assertThatThrownBy(() -> new DirectoryAuthenticator(directory, throttle,
                List.of(new PlainMechanism(), new PlainMechanism())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        MechanismFactory lowerCase = new MechanismFactory() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public SaslExchange newExchange(CredentialCheck check) {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> new DirectoryAuthenticator(directory, throttle, List.of(lowerCase)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
