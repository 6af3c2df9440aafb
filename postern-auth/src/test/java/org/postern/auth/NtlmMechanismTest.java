package org.postern.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.auth.SaslStep.Challenge;
import org.postern.auth.SaslStep.Failure;
import org.postern.auth.SaslStep.Success;
import org.postern.auth.ntlm.NtlmMechanism;
import org.postern.auth.ntlm.NtlmSettings;
import org.postern.auth.testing.FakeDirectory;
import org.postern.core.directory.Recipient.User;
import org.postern.protocols.ntlm.AvPairs;
import org.postern.protocols.ntlm.ChallengeMessage;
import org.postern.protocols.ntlm.NegotiateFlags;
import org.postern.protocols.ntlm.NegotiateMessage;

/**
 * SASL NTLM on the one authenticator, driven by {@link NtlmTestClient} (MS-NLMP built from the
 * spec): NTLMv2 with and without a MIC signs in; LM, NTLMv1, anonymous, a client without
 * extended session security, a wrong password, a stale time stamp, a forged MIC and a replayed
 * AUTHENTICATE message are refused and counted by the throttle; messages that do not parse are
 * MALFORMED and not counted.
 */
class NtlmMechanismTest {

    private final FakeDirectory directory = new FakeDirectory();
    private final FakeTime time = new FakeTime();
    private final AuthThrottle throttle = new AuthThrottle(AuthThrottleSettings.DEFAULTS, time, time);
    private final DirectoryAuthenticator auth = new DirectoryAuthenticator(directory, throttle, List.of(
            new PlainMechanism(), new LoginMechanism(), new NtlmMechanism("mail.example.test", NtlmSettings.DEFAULTS, time)));
    private User alice;
    private AuthContext context;

    @BeforeEach
    void users() throws Exception {
        alice = directory.add("alice@example.test", "correct horse");
        directory.ntHashes.put(alice.id(), NtlmTestClient.ntHash("correct horse"));
        context = new AuthContext("imap", InetAddress.getByName("192.0.2.7"), true);
    }

    private SaslExchange begin() {
        return auth.begin("ntlm", context).orElseThrow();
    }

    private static byte[] challengeOf(SaslStep step) {
        assertThat(step).isInstanceOf(Challenge.class);
        return ((Challenge) step).data();
    }

    /** NEGOTIATE as the initial response, then AUTHENTICATE. */
    private SaslStep signIn(NtlmTestClient client, boolean mic) throws Exception {
        SaslExchange exchange = begin();
        byte[] challenge = challengeOf(exchange.start(Optional.of(client.negotiate())));
        return exchange.step(client.authenticate(challenge, mic, time.instant()));
    }

    @Test
    void offeredAfterTlsOnlyAndDeclaredAsNtlm() throws Exception {
        assertThat(auth.mechanisms(context)).containsExactly("PLAIN", "LOGIN", "NTLM");
        assertThat(auth.mechanisms(new AuthContext("imap", context.source(), false))).isEmpty();
        assertThat(auth.begin("NTLM", new AuthContext("imap", context.source(), false))).isEmpty();
        assertThat(auth.referenceMethods("imap")).extracting(Enum::name).containsExactly("PLAIN", "LOGIN", "NTLM");
        // the data path columns: a password under TLS counts once by default; Kerberos is supported, off without a realm
        assertThat(auth.defaultReferenceMethods("imap")).extracting(Enum::name).containsExactly("PLAIN", "NTLM");
        assertThat(auth.supportedReferenceMethods("imap")).extracting(Enum::name)
                .containsExactly("PLAIN", "LOGIN", "NTLM", "KERBEROS");
    }

    @Test
    void ntlmV2WithAMicSignsIn() throws Exception {
        assertThat(signIn(new NtlmTestClient("EXAMPLE", "alice", "correct horse"), true)).isEqualTo(new Success(alice));
    }

    @Test
    void ntlmV2AsCurlSendsItSignsInAfterAnEmptyChallenge() throws Exception {
        NtlmTestClient client = new NtlmTestClient("", "alice@example.test", "correct horse");
        SaslExchange exchange = begin();
        assertThat(challengeOf(exchange.start(Optional.empty()))).isEmpty();
        int curlFlags = NegotiateFlags.OEM | NegotiateFlags.REQUEST_TARGET | NegotiateFlags.NTLM
                | NegotiateFlags.EXTENDED_SESSIONSECURITY | NegotiateFlags.ALWAYS_SIGN;
        byte[] challenge = challengeOf(exchange.step(client.negotiate(curlFlags)));
        ChallengeMessage c = ChallengeMessage.parse(challenge);
        assertThat(NegotiateFlags.has(c.flags(), NegotiateFlags.OEM)).as("OEM, as the client asked").isTrue();
        assertThat(NegotiateFlags.has(c.flags(), NegotiateFlags.UNICODE | NegotiateFlags.KEY_EXCH | NegotiateFlags.SEAL)).isFalse();
        assertThat(exchange.step(client.authenticate(challenge, false, time.instant()))).isEqualTo(new Success(alice));
    }

    @Test
    void theChallengeNamesTheServerAndItsTimeAndIsFreshEachTime() throws Exception {
        byte[] first = challengeOf(begin().start(Optional.of(NegotiateMessage.of(NtlmTestClient.FLAGS).bytes())));
        byte[] second = challengeOf(begin().start(Optional.of(NegotiateMessage.of(NtlmTestClient.FLAGS).bytes())));
        ChallengeMessage c = ChallengeMessage.parse(first);
        assertThat(c.targetName()).isEqualTo("EXAMPLE");
        assertThat(c.targetInfo().name(AvPairs.MSV_AV_NB_DOMAIN_NAME)).contains("EXAMPLE");
        assertThat(c.targetInfo().name(AvPairs.MSV_AV_NB_COMPUTER_NAME)).contains("MAIL");
        assertThat(c.targetInfo().name(AvPairs.MSV_AV_DNS_DOMAIN_NAME)).contains("example.test");
        assertThat(c.targetInfo().name(AvPairs.MSV_AV_DNS_COMPUTER_NAME)).contains("mail.example.test");
        assertThat(c.targetInfo().timestamp()).contains(116_444_736_000_000_000L + time.instant().getEpochSecond() * 10_000_000L);
        assertThat(NegotiateFlags.describe(c.flags())).contains("EXTENDED_SESSIONSECURITY", "TARGET_INFO", "KEY_EXCH", "SEAL",
                "SIGN", "128", "UNICODE", "TARGET_TYPE_DOMAIN").doesNotContain("LM_KEY");
        assertThat(c.serverChallenge()).isNotEqualTo(ChallengeMessage.parse(second).serverChallenge());
    }

    @Test
    void aWrongPasswordIsRefusedAndCounted() throws Exception {
        assertThat(signIn(new NtlmTestClient("EXAMPLE", "alice", "wrong"), true)).isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));
        assertThat(signIn(new NtlmTestClient("", "nobody@example.test", "wrong"), false)).isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));
        assertThat(signIn(new NtlmTestClient("OTHER", "alice", "correct horse"), true))
                .as("a domain that is not this directory's").isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));
        assertThat(throttle.failures()).isEqualTo(3);
    }

    @Test
    void aUserWhoseNtHashIsNotKeptCannotSignInWithNtlm() throws Exception {
        directory.ntHashes.clear();
        assertThat(signIn(new NtlmTestClient("EXAMPLE", "alice", "correct horse"), true))
                .isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));
    }

    @Test
    void ntlmV1AndLmResponsesAreRefused() throws Exception {
        NtlmTestClient client = new NtlmTestClient("EXAMPLE", "alice", "correct horse");
        SaslExchange exchange = begin();
        byte[] challenge = challengeOf(exchange.start(Optional.of(client.negotiate())));
        ChallengeMessage c = ChallengeMessage.parse(challenge);
        byte[] v1 = org.postern.protocols.ntlm.AuthenticateMessage.of(c.flags(), new byte[24], new byte[24], "EXAMPLE", "alice",
                "WS", new byte[16], new byte[8], false).bytes();
        assertThat(exchange.step(v1)).isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));

        SaslExchange lmOnly = begin();
        lmOnly.start(Optional.of(client.negotiate()));
        byte[] lm = org.postern.protocols.ntlm.AuthenticateMessage.of(c.flags(), new byte[24], new byte[0], "EXAMPLE", "alice",
                "WS", new byte[0], new byte[8], false).bytes();
        assertThat(lmOnly.step(lm)).isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));

        SaslExchange anonymous = begin();
        anonymous.start(Optional.of(client.negotiate()));
        byte[] empty = org.postern.protocols.ntlm.AuthenticateMessage.of(c.flags(), new byte[0], new byte[0], "", "", "",
                new byte[0], new byte[8], false).bytes();
        assertThat(anonymous.step(empty)).isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));

        int noExtendedSessionSecurity = NtlmTestClient.FLAGS & ~NegotiateFlags.EXTENDED_SESSIONSECURITY;
        assertThat(begin().start(Optional.of(client.negotiate(noExtendedSessionSecurity))))
                .isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));
        assertThat(throttle.failures()).isEqualTo(4);
    }

    @Test
    void aReplayedAuthenticateMessageIsRefused() throws Exception {
        NtlmTestClient client = new NtlmTestClient("EXAMPLE", "alice", "correct horse");
        SaslExchange first = begin();
        byte[] challenge = challengeOf(first.start(Optional.of(client.negotiate())));
        byte[] authenticate = client.authenticate(challenge, true, time.instant());
        assertThat(first.step(authenticate)).isEqualTo(new Success(alice));

        // the same AUTHENTICATE in a new exchange (whose challenge differs)
        SaslExchange second = begin();
        second.start(Optional.of(client.negotiate()));
        assertThat(second.step(authenticate)).isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));
        // and without the NEGOTIATE step: the exchange wants a NEGOTIATE first
        assertThat(begin().start(Optional.of(authenticate))).isEqualTo(new Failure(AuthFailure.MALFORMED));
    }

    @Test
    void aStaleTimeStampAndAForgedMicAreRefused() throws Exception {
        NtlmTestClient client = new NtlmTestClient("EXAMPLE", "alice", "correct horse");
        SaslExchange stale = begin();
        byte[] challenge = challengeOf(stale.start(Optional.of(client.negotiate())));
        assertThat(stale.step(client.authenticate(challenge, false, time.instant().minus(Duration.ofMinutes(6)))))
                .isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));

        SaslExchange forged = begin();
        challenge = challengeOf(forged.start(Optional.of(client.negotiate())));
        byte[] authenticate = client.authenticate(challenge, true, time.instant());
        authenticate[72] ^= 1; // the MIC
        assertThat(forged.step(authenticate)).isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));

        SaslExchange flagsChanged = begin();
        challenge = challengeOf(flagsChanged.start(Optional.of(client.negotiate())));
        authenticate = client.authenticate(challenge, true, time.instant());
        authenticate[60] &= ~NegotiateFlags.SEAL; // a downgrade the MIC covers
        assertThat(flagsChanged.step(authenticate)).isEqualTo(new Failure(AuthFailure.INVALID_CREDENTIALS));
    }

    @Test
    void garbageAndTruncatedMessagesAreMalformedAndNotCounted() throws Exception {
        NtlmTestClient client = new NtlmTestClient("EXAMPLE", "alice", "correct horse");
        assertThat(begin().start(Optional.of("hello".getBytes()))).isEqualTo(new Failure(AuthFailure.MALFORMED));
        assertThat(begin().start(Optional.of(Arrays.copyOf(client.negotiate(), 20)))).isEqualTo(new Failure(AuthFailure.MALFORMED));
        SaslExchange exchange = begin();
        byte[] challenge = challengeOf(exchange.start(Optional.of(client.negotiate())));
        byte[] authenticate = client.authenticate(challenge, true, time.instant());
        assertThat(exchange.step(Arrays.copyOf(authenticate, authenticate.length - 30))).isEqualTo(new Failure(AuthFailure.MALFORMED));
        SaslExchange again = begin();
        again.start(Optional.of(client.negotiate()));
        assertThat(again.step(new byte[0])).isEqualTo(new Failure(AuthFailure.MALFORMED));
        assertThat(throttle.failures()).isZero();
        assertThat(begin().start(Optional.empty())).isInstanceOf(Challenge.class);
        SaslExchange cancelled = begin();
        cancelled.start(Optional.empty());
        assertThat(cancelled.cancel()).isEqualTo(new Failure(AuthFailure.CANCELLED));
    }

    @Test
    void mangledMessagesAtEachStepGetAnAnswerNeverAnException() throws Exception {
        java.util.Random random = new java.util.Random(13);
        NtlmTestClient client = new NtlmTestClient("EXAMPLE", "alice", "correct horse");
        for (int i = 0; i < 2_000; i++) {
            SaslExchange exchange = begin();
            byte[] negotiate = client.negotiate();
            boolean mangleNegotiate = i % 4 == 0;
            if (mangleNegotiate) {
                mangle(negotiate, random);
            }
            SaslStep first = exchange.start(Optional.of(negotiate));
            if (!(first instanceof Challenge c)) {
                assertThat(first).isInstanceOf(Failure.class);
                continue;
            }
            byte[] authenticate = client.authenticate(c.data(), i % 2 == 0, time.instant());
            mangle(authenticate, random);
            byte[] sent = Arrays.copyOf(authenticate, random.nextInt(authenticate.length + 1));
            // bytes no proof covers (the workstation, the LM response without a MIC) may change and still sign in
            assertThat(exchange.step(sent)).as("attempt %d", i).isInstanceOfAny(Failure.class, Success.class);
            time.advance(Duration.ofHours(1)); // let the throttle forget, so every attempt is checked
        }
    }

    private static void mangle(byte[] message, java.util.Random random) {
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
            message[random.nextInt(message.length)] ^= (byte) (1 + random.nextInt(255));
        }
    }

    @Test
    void failuresGoThroughTheOneThrottle() throws Exception {
        for (int i = 0; i < 10; i++) {
            signIn(new NtlmTestClient("EXAMPLE", "alice", "guess " + i), true);
        }
        assertThat(signIn(new NtlmTestClient("EXAMPLE", "alice", "correct horse"), true))
                .as("(alice, source) cools down after 10 failures, even for the right password")
                .isEqualTo(new Failure(AuthFailure.THROTTLED));
        // the same account through PLAIN from the same source is cooled down too
        assertThat(auth.begin("PLAIN", context).orElseThrow().start(Optional.of("\0alice@example.test\0correct horse".getBytes())))
                .isEqualTo(new Failure(AuthFailure.THROTTLED));
    }

    @Test
    void aDirectoryThatFailsIsTemporary() throws Exception {
        NtlmTestClient client = new NtlmTestClient("EXAMPLE", "alice", "correct horse");
        SaslExchange exchange = begin();
        byte[] challenge = challengeOf(exchange.start(Optional.of(client.negotiate())));
        directory.unavailable = true;
        assertThat(exchange.step(client.authenticate(challenge, true, time.instant()))).isEqualTo(new Failure(AuthFailure.TEMPORARY));
    }
}
