package org.postern.auth.scram;

import com.ongres.saslprep.SASLprep;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.postern.auth.AuthFailure;
import org.postern.auth.CredentialCheck;
import org.postern.auth.LogText;
import org.postern.auth.MechanismFactory;
import org.postern.auth.SaslExchange;
import org.postern.auth.SaslStep;
import org.postern.auth.SaslStep.Challenge;
import org.postern.auth.SaslStep.Failure;
import org.postern.core.directory.Directory;
import org.postern.core.directory.Recipient.User;
import org.postern.core.directory.ScramVerifier;
import org.postern.protocols.sasl.PlainCredentials;
import org.postern.protocols.sasl.SaslFormatException;
import org.postern.protocols.sasl.ScramClientFinal;
import org.postern.protocols.sasl.ScramClientFirst;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SASL SCRAM-SHA-256 (RFC 7677, RFC 5802), checked against the {@link ScramVerifier} the
 * directory keeps, so the password never crosses the wire. The exchange (RFC 5802 section 5):
 * the client-first-message (as the initial response, or after an empty challenge); the
 * server-first-message with the client's nonce followed by a fresh random one, the user's salt
 * and iteration count; the client-final-message, whose ClientProof is checked by recovering
 * ClientKey and comparing H(ClientKey) with StoredKey in constant time; then the
 * server-final-message, {@code v=} with the ServerSignature, which the client answers with an
 * empty response before the protocol's success.
 *
 * <p>No channel binding (SCRAM-SHA-256-PLUS is not offered): a GS2 header {@code n} or {@code y}
 * is accepted, {@code p=} is {@link AuthFailure#MALFORMED}. The authorization identity follows
 * PLAIN's rule ({@link CredentialCheck#authorize}). User names are SASLprep'd (RFC 4013, as a
 * query) before the directory is asked.
 *
 * <p>A user unknown here, or known but without a verifier yet (a password set before verifiers
 * were kept: see docs/adr/0022-scram.md), gets a server-first-message like anyone's: a salt
 * derived from the name under a key of this process, and the configured iteration count; the
 * same HMACs are computed, and the answer is the same {@code e=invalid-proof} as for a wrong
 * password. Every wrong proof, foreign nonce or channel binding that does not match is counted
 * by the one throttle under the user name, through {@link CredentialCheck}; a message that does
 * not parse is {@link AuthFailure#MALFORMED}, not counted. The RFC's {@code e=} answers come as a
 * last challenge; whatever the client sends back (or {@code *}), the exchange then ends with the
 * failure already decided.
 */
public final class ScramSha256Mechanism implements MechanismFactory {

    public static final String NAME = ScramVerifier.MECHANISM;
    /** Octets of randomness in the server's part of the nonce. */
    private static final int NONCE_OCTETS = 18;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(ScramSha256Mechanism.class);

    private final int iterations;
    private final int maxField;
    private final Supplier<String> serverNonce;
    private final byte[] decoyKey = new byte[32];

    /** Unknown users are answered with {@link ScramVerifier#DEFAULT_ITERATIONS}. */
    public ScramSha256Mechanism() {
        this(ScramVerifier.DEFAULT_ITERATIONS);
    }

    /**
     * @param iterations the iteration count the directory gives new verifiers, which unknown users
     *                   are answered with too, so they look like the others
     */
    public ScramSha256Mechanism(int iterations) {
        this(iterations, ScramSha256Mechanism::randomNonce);
    }

    /** With the server's part of each nonce from {@code serverNonce} (tests replay RFC 7677's example). */
    ScramSha256Mechanism(int iterations, Supplier<String> serverNonce) {
        if (iterations < ScramVerifier.MIN_ITERATIONS) {
            throw new IllegalArgumentException("RFC 7677 asks for at least " + ScramVerifier.MIN_ITERATIONS + " iterations");
        }
        this.iterations = iterations;
        this.maxField = PlainCredentials.DEFAULT_MAX_FIELD;
        this.serverNonce = Objects.requireNonNull(serverNonce, "serverNonce");
        RANDOM.nextBytes(decoyKey);
    }

    private static String randomNonce() {
        byte[] random = new byte[NONCE_OCTETS];
        RANDOM.nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SaslExchange newExchange(CredentialCheck check) {
        return new Exchange(check);
    }

    private enum State { NEW, AWAIT_FIRST, AWAIT_FINAL, AWAIT_ACK, DONE }

    /** One attempt: client-first, server-first, client-final, server-final, empty acknowledgement. */
    private final class Exchange implements SaslExchange {
        private final CredentialCheck check;
        private State state = State.NEW;
        private ScramClientFirst first;
        private String account;
        private Optional<User> user = Optional.empty();
        private Optional<ScramVerifier> verifier = Optional.empty();
        private String nonce;
        private String serverFirst;
        /** After the server-final-message: the failure already decided, or empty when the proof verified. */
        private Optional<SaslStep> decided = Optional.empty();

        Exchange(CredentialCheck check) {
            this.check = check;
        }

        @Override
        public String mechanism() {
            return NAME;
        }

        @Override
        public SaslStep start(Optional<byte[]> initialResponse) {
            Objects.requireNonNull(initialResponse, "initialResponse");
            if (state != State.NEW) {
                throw new IllegalStateException("SCRAM exchange already started");
            }
            if (initialResponse.isEmpty() || initialResponse.get().length == 0) {
                state = State.AWAIT_FIRST;
                return new Challenge(new byte[0]); // the client speaks first (RFC 5802 section 5)
            }
            return clientFirst(initialResponse.get());
        }

        @Override
        public SaslStep step(byte[] response) {
            Objects.requireNonNull(response, "response");
            return switch (state) {
                case AWAIT_FIRST -> clientFirst(response);
                case AWAIT_FINAL -> clientFinal(response);
                case AWAIT_ACK -> acknowledged(response);
                case NEW, DONE -> throw new IllegalStateException("SCRAM exchange is not running");
            };
        }

        @Override
        public SaslStep cancel() {
            return end(state == State.AWAIT_ACK && decided.isPresent() ? decided.get() : new Failure(AuthFailure.CANCELLED));
        }

        private SaslStep clientFirst(byte[] message) {
            try {
                first = ScramClientFirst.parse(message, maxField);
            } catch (SaslFormatException e) {
                return malformed("client-first-message", e.getMessage());
            }
            if (first.channelBinding() == 'p') {
                return malformed("client-first-message", "channel binding " + first.cbName().orElse("")
                        + " asked for; SCRAM-SHA-256-PLUS is not offered");
            }
            try {
                account = new SASLprep().prepareQuery(first.username());
            } catch (IllegalArgumentException e) {
                return malformed("client-first-message", "SASLprep prohibits the user name");
            }
            Optional<SaslStep> refused = check.refusal(account);
            if (refused.isPresent()) {
                return end(refused.get());
            }
            Directory directory = check.directory();
            try {
                user = directory.findUserByLogin(account);
                verifier = user.isEmpty() ? Optional.empty() : directory.scramSha256(user.get());
            } catch (RuntimeException e) {
                return end(check.directoryUnavailable(e));
            }
            byte[] salt = verifier.map(ScramVerifier::salt).orElseGet(this::decoySalt);
            int count = verifier.map(ScramVerifier::iterations).orElse(iterations);
            nonce = first.nonce() + serverNonce.get();
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + count;
            state = State.AWAIT_FINAL;
            return new Challenge(serverFirst.getBytes(StandardCharsets.US_ASCII));
        }

        private SaslStep clientFinal(byte[] message) {
            ScramClientFinal last;
            try {
                last = ScramClientFinal.parse(message);
            } catch (SaslFormatException e) {
                return malformed("client-final-message", e.getMessage());
            }
            if (!MessageDigest.isEqual(last.channelBinding(), first.gs2Header().getBytes(StandardCharsets.UTF_8))) {
                return refuse("channel-bindings-dont-match", "channel binding does not repeat the GS2 header");
            }
            if (!last.nonce().equals(nonce)) {
                return refuse("other-error", "nonce is not the one of this exchange");
            }
            byte[] authMessage = (first.bare() + "," + serverFirst + "," + last.withoutProof()).getBytes(StandardCharsets.UTF_8);
            // the same work whether or not the user and verifier exist
            byte[] storedKey = verifier.map(ScramVerifier::storedKey).orElseGet(() -> randomKey());
            byte[] clientSignature = ScramVerifier.hmac(storedKey, authMessage);
            byte[] proof = last.proof();
            byte[] clientKey = new byte[clientSignature.length];
            for (int i = 0; i < clientKey.length; i++) {
                clientKey[i] = (byte) (clientSignature[i] ^ (i < proof.length ? proof[i] : 0));
            }
            boolean matches = MessageDigest.isEqual(ScramVerifier.sha256(clientKey), storedKey)
                    && proof.length == clientKey.length;
            Arrays.fill(clientKey, (byte) 0);
            if (user.isEmpty() || verifier.isEmpty() || !matches) {
                return refuse("invalid-proof", user.isEmpty() ? "no such user" : verifier.isEmpty()
                        ? "no SCRAM-SHA-256 verifier kept for this user yet (sign in once with PLAIN or LOGIN, or set the password again;"
                        + " a password that SASLprep prohibits never has one)"
                        : "wrong proof");
            }
            byte[] serverSignature = ScramVerifier.hmac(verifier.get().serverKey(), authMessage);
            state = State.AWAIT_ACK;
            return new Challenge(("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.US_ASCII));
        }

        /** The client's answer to the server-final-message: empty (RFC 5802 section 5), or it is over. */
        private SaslStep acknowledged(byte[] response) {
            if (decided.isPresent()) {
                return end(decided.get());
            }
            if (response.length != 0) {
                return malformed("response to server-final-message", "not empty");
            }
            return end(check.authorize(first.authzid(), account, user.orElseThrow()));
        }

        /** Counts a failure for the account and answers with the RFC's server-error (RFC 5802 section 7). */
        private SaslStep refuse(String error, String reason) {
            log.info("SCRAM-SHA-256 refused: protocol={} source={} account={}: {}", check.context().protocol(),
                    check.context().source().getHostAddress(), LogText.printable(account), reason);
            decided = Optional.of(check.failed(account));
            state = State.AWAIT_ACK;
            return new Challenge(("e=" + error).getBytes(StandardCharsets.US_ASCII));
        }

        private SaslStep malformed(String what, String why) {
            log.info("SCRAM-SHA-256 {} malformed: protocol={} source={}: {}", what, check.context().protocol(),
                    check.context().source().getHostAddress(), why);
            return end(new Failure(AuthFailure.MALFORMED));
        }

        private SaslStep end(SaslStep step) {
            state = State.DONE;
            return step;
        }

        /** A salt for a name without a verifier: stable for the name while the process runs, unrelated to any real one. */
        private byte[] decoySalt() {
            byte[] mac = ScramVerifier.hmac(decoyKey, account.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac, ScramVerifier.SALT_LENGTH);
        }

        private static byte[] randomKey() {
            byte[] key = new byte[ScramVerifier.KEY_LENGTH];
            RANDOM.nextBytes(key);
            return key;
        }
    }
}
