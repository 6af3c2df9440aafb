package org.postern.auth.scram;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.auth.AuthContext;
import org.postern.auth.AuthFailure;
import org.postern.auth.AuthThrottle;
import org.postern.auth.AuthThrottleSettings;
import org.postern.auth.DirectoryAuthenticator;
import org.postern.auth.LoginMechanism;
import org.postern.auth.PlainMechanism;
import org.postern.auth.SaslExchange;
import org.postern.auth.SaslStep;
import org.postern.auth.SaslStep.Challenge;
import org.postern.auth.SaslStep.Failure;
import org.postern.auth.SaslStep.Success;
import org.postern.auth.testing.FakeDirectory;
import org.postern.core.directory.Recipient.User;
import org.postern.core.directory.ScramVerifier;

/**
 * SCRAM-SHA-256 on the one authenticator: RFC 7677 section 3's example exchange byte for byte,
 * then sign-ins by a client written from RFC 5802 on the JDK's PBKDF2, and the refusals: a wrong
 * password, an unknown user and a user without a verifier get the same {@code e=invalid-proof}
 * and are counted; a foreign nonce and a channel binding that does not repeat the GS2 header are
 * refused and counted; malformed messages and {@code p=} are MALFORMED and not counted.
 */
class ScramSha256MechanismTest {

    /** RFC 7677 section 3. */
    private static final String RFC_SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";
    private static final String RFC_SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";

    private final FakeDirectory directory = new FakeDirectory();
    private final List<Duration> sleeps = new ArrayList<>();
    private final AuthThrottle throttle = new AuthThrottle(AuthThrottleSettings.DEFAULTS, Clock.systemUTC(), sleeps::add);
    private final DirectoryAuthenticator auth = new DirectoryAuthenticator(directory, throttle, List.of(
            new PlainMechanism(), new LoginMechanism(), new ScramSha256Mechanism(4096)));
    private final AuthContext context = new AuthContext("imap", InetAddress.getLoopbackAddress(), true);
    private User user;
    private User alice;

    @BeforeEach
    void users() {
        user = directory.add("user@example.test", "user", "pencil");
        directory.scramVerifiers.put(user.id(),
                ScramVerifier.derive("pencil".toCharArray(), Base64.getDecoder().decode(RFC_SALT), 4096));
        alice = directory.add("alice@example.test", "correct horse");
        directory.scramVerifiers.put(alice.id(), ScramVerifier.of("correct horse".toCharArray(), 4096));
    }

    private SaslExchange begin() {
        return auth.begin("scram-sha-256", context).orElseThrow();
    }

    private static byte[] data(SaslStep step) {
        assertThat(step).isInstanceOf(Challenge.class);
        return ((Challenge) step).data();
    }

    private static String text(SaslStep step) {
        return new String(data(step), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rfc7677ExampleByteForByte() {
        SaslExchange exchange = new DirectoryAuthenticator(directory, throttle,
                List.of(new ScramSha256Mechanism(4096, () -> RFC_SERVER_NONCE))).begin("SCRAM-SHA-256", context).orElseThrow();
        assertThat(text(exchange.start(Optional.of(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")))))
                .isEqualTo("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        assertThat(text(exchange.step(bytes("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="))))
                .isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        assertThat(exchange.step(new byte[0])).isEqualTo(new Success(user));
        assertThat(throttle.failures()).isZero();
    }

    @Test
    void offeredOnlyAfterTls() {
        assertThat(auth.mechanisms(context)).containsExactly("PLAIN", "LOGIN", "SCRAM-SHA-256");
        AuthContext plain = new AuthContext("imap", context.source(), false);
        assertThat(auth.mechanisms(plain)).isEmpty();
        assertThat(auth.begin("SCRAM-SHA-256", plain)).isEmpty();
    }

    @Test
    void clientFirstAfterAnEmptyChallengeAndTheYFlagSignIn() throws Exception {
        ScramTestClient client = new ScramTestClient("y,,", "alice@example.test", "fyko+d2lbbFgONRv9qkxdawL", "correct horse");
        SaslExchange exchange = begin();
        assertThat(data(exchange.start(Optional.empty()))).isEmpty();
        byte[] serverFirst = data(exchange.step(client.first()));
        Map<Character, String> a = ScramTestClient.attributes(new String(serverFirst, StandardCharsets.US_ASCII));
        assertThat(a.get('r')).startsWith("fyko+d2lbbFgONRv9qkxdawL").hasSizeGreaterThan("fyko+d2lbbFgONRv9qkxdawL".length() + 16);
        assertThat(a.get('i')).isEqualTo("4096");
        assertThat(text(exchange.step(client.last(serverFirst)))).isEqualTo(client.expectedServerFinal());
        assertThat(exchange.step(new byte[0])).isEqualTo(new Success(alice));
    }

    @Test
    void eachExchangeHasItsOwnServerNonce() {
        String r1 = ScramTestClient.attributes(text(begin().start(Optional.of(bytes("n,,n=user,r=abc"))))).get('r');
        String r2 = ScramTestClient.attributes(text(begin().start(Optional.of(bytes("n,,n=user,r=abc"))))).get('r');
        assertThat(r1).isNotEqualTo(r2);
    }

    @Test
    void authzidAsPlainHasIt() throws Exception {
        assertThat(signIn(new ScramTestClient("n,a=alice@example.test,", "alice@example.test", "n1", "correct horse")))
                .isEqualTo(new Success(alice));
        assertThat(signIn(new ScramTestClient("n,a=user@example.test,", "alice@example.test", "n2", "correct horse")))
                .isEqualTo(new Failure(AuthFailure.NOT_AUTHORIZED));
    }

    private SaslStep signIn(ScramTestClient client) throws Exception {
        SaslExchange exchange = begin();
        byte[] serverFirst = data(exchange.start(Optional.of(client.first())));
        SaslStep last = exchange.step(client.last(serverFirst));
        return exchange.step(last instanceof Challenge c && new String(c.data(), StandardCharsets.UTF_8).startsWith("v=")
                ? new byte[0] : bytes("ignored"));
    }

    /** Runs an exchange to its server-final-message and returns it. */
    private String serverFinal(SaslExchange exchange, ScramTestClient client) throws Exception {
        byte[] serverFirst = data(exchange.start(Optional.of(client.first())));
        return text(exchange.step(client.last(serverFirst)));
    }

    @Test
    void wrongPasswordUnknownUserAndUserWithoutVerifierFailAlike() throws Exception {
        User legacy = directory.add("legacy@example.test", "old password"); // no verifier kept yet
        String[][] attempts = {{"alice@example.test", "wrong"}, {"nobody@example.test", "anything"},
            {"legacy@example.test", "old password"}};
        long failures = 0;
        for (String[] attempt : attempts) {
            SaslExchange exchange = begin();
            ScramTestClient client = new ScramTestClient("n,,", attempt[0], "nonce", attempt[1]);
            byte[] serverFirst = data(exchange.start(Optional.of(client.first())));
            Map<Character, String> a = ScramTestClient.attributes(new String(serverFirst, StandardCharsets.US_ASCII));
            assertThat(a.get('i')).as(attempt[0]).isEqualTo("4096");
            assertThat(Base64.getDecoder().decode(a.get('s'))).as(attempt[0]).hasSize(ScramVerifier.SALT_LENGTH);
            assertThat(text(exchange.step(client.last(serverFirst)))).as(attempt[0]).isEqualTo("e=invalid-proof");
            assertThat(throttle.failures()).isEqualTo(++failures);
            assertThat(exchange.step(new byte[0])).as(attempt[0]).isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));
        }
        assertThat(legacy).isNotNull();
    }

    @Test
    void anUnknownUserGetsTheSameSaltEachTime() {
        String s1 = ScramTestClient.attributes(text(begin().start(Optional.of(bytes("n,,n=nobody,r=a"))))).get('s');
        String s2 = ScramTestClient.attributes(text(begin().start(Optional.of(bytes("n,,n=nobody,r=b"))))).get('s');
        String other = ScramTestClient.attributes(text(begin().start(Optional.of(bytes("n,,n=someone,r=b"))))).get('s');
        assertThat(s1).isEqualTo(s2).isNotEqualTo(other);
    }

    @Test
    void cancellingAfterTheErrorKeepsTheFailure() throws Exception {
        SaslExchange exchange = begin();
        assertThat(serverFinal(exchange, new ScramTestClient("n,,", "alice@example.test", "x", "wrong"))).isEqualTo("e=invalid-proof");
        assertThat(exchange.cancel()).isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));
    }

    @Test
    void aForeignNonceIsRefusedAndCounted() throws Exception {
        SaslExchange exchange = begin();
        ScramTestClient client = new ScramTestClient("n,,", "alice@example.test", "mine", "correct horse");
        byte[] serverFirst = data(exchange.start(Optional.of(client.first())));
        assertThat(text(exchange.step(client.last(serverFirst, "n,,", "mineButNotTheServers")))).isEqualTo("e=other-error");
        assertThat(exchange.step(new byte[0])).isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));
        assertThat(throttle.failures()).isEqualTo(1);
    }

    @Test
    void aChannelBindingThatDoesNotRepeatTheHeaderIsRefused() throws Exception {
        SaslExchange exchange = begin();
        ScramTestClient client = new ScramTestClient("n,,", "alice@example.test", "mine", "correct horse");
        byte[] serverFirst = data(exchange.start(Optional.of(client.first())));
        String nonce = ScramTestClient.attributes(new String(serverFirst, StandardCharsets.US_ASCII)).get('r');
        assertThat(text(exchange.step(client.last(serverFirst, "y,,", nonce)))).isEqualTo("e=channel-bindings-dont-match");
        assertThat(exchange.step(new byte[0])).isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));
    }

    @Test
    void channelBindingRequiredIsRefusedWithoutCounting() {
        assertThat(begin().start(Optional.of(bytes("p=tls-exporter,,n=alice@example.test,r=abc"))))
                .isEqualTo(new Failure(AuthFailure.MALFORMED));
        assertThat(throttle.failures()).isZero();
    }

    @Test
    void malformedClientFirstMessages() {
        for (String m : List.of("x,,n=user,r=abc", "n,n=user,r=abc", "n,,n=us=er,r=abc", "n,,r=abc", "n,,n=user",
                "n,,n=user,r=", "n,,m=ext,n=user,r=abc", "n,b=x,n=user,r=abc", "n,,n=,r=abc", "n,,n=user,r=a,b",
                "n,,n=user,r=\u00e9")) {
            assertThat(begin().start(Optional.of(bytes(m)))).as(m).isEqualTo(new Failure(AuthFailure.MALFORMED));
        }
        assertThat(begin().start(Optional.of(new byte[] {'n', ',', ',', 'n', '=', (byte) 0xff, ',', 'r', '=', 'a'})))
                .isEqualTo(new Failure(AuthFailure.MALFORMED));
        assertThat(throttle.failures()).isZero();
    }

    @Test
    void malformedClientFinalMessages() {
        for (String m : List.of("c=biws,r=abc", "r=abc,c=biws,p=AAAA", "c=bi!s,r=abc,p=AAAA", "c=biws,r=abc,p=*", "garbage")) {
            SaslExchange exchange = begin();
            data(exchange.start(Optional.of(bytes("n,,n=alice@example.test,r=abc"))));
            assertThat(exchange.step(bytes(m))).as(m).isEqualTo(new Failure(AuthFailure.MALFORMED));
        }
        assertThat(throttle.failures()).isZero();
    }

    @Test
    void aNonEmptyAnswerToTheServerSignatureEndsIt() throws Exception {
        SaslExchange exchange = begin();
        assertThat(serverFinal(exchange, new ScramTestClient("n,,", "alice@example.test", "x", "correct horse"))).startsWith("v=");
        assertThat(exchange.step(bytes("more"))).isEqualTo(new Failure(AuthFailure.MALFORMED));
    }

    @Test
    void saslnameEscapesAreDecoded() {
        User odd = directory.add("odd@example.test", "a,b=c", "pw");
        directory.scramVerifiers.put(odd.id(), ScramVerifier.of("pw".toCharArray(), 4096));
        String salt = ScramTestClient.attributes(text(begin().start(Optional.of(bytes("n,,n=a=2Cb=3Dc,r=x"))))).get('s');
        assertThat(Base64.getDecoder().decode(salt)).isEqualTo(directory.scramVerifiers.get(odd.id()).salt());
    }

    @Test
    void directoryDownIsTemporary() {
        directory.unavailable = true;
        assertThat(begin().start(Optional.of(bytes("n,,n=alice@example.test,r=abc"))))
                .isEqualTo(new Failure(AuthFailure.TEMPORARY));
        assertThat(throttle.failures()).isZero();
    }
}
