package org.postern.auth.ntlm;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.postern.auth.AuthFailure;
import org.postern.auth.LogText;
import org.postern.auth.CredentialCheck;
import org.postern.auth.MechanismFactory;
import org.postern.auth.SaslExchange;
import org.postern.auth.SaslStep;
import org.postern.auth.SaslStep.Challenge;
import org.postern.auth.SaslStep.Failure;
import org.postern.core.directory.Directory;
import org.postern.core.directory.Recipient.User;
import org.postern.protocols.ntlm.AuthenticateMessage;
import org.postern.protocols.ntlm.AvPairs;
import org.postern.protocols.ntlm.ChallengeMessage;
import org.postern.protocols.ntlm.NegotiateFlags;
import org.postern.protocols.ntlm.NegotiateMessage;
import org.postern.protocols.ntlm.NtlmFormatException;
import org.postern.protocols.ntlm.NtlmV2Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SASL NTLM as Exchange offers it for SMTP ([MS-SMTPNTLM]), IMAP and POP3: the client sends a
 * NEGOTIATE message, the server a CHALLENGE, the client an AUTHENTICATE (MS-NLMP section 3.2.5,
 * connection-oriented), checked here against the NT hash the directory keeps while
 * {@code directory.ntlm} is on. No security layer follows: the session is already inside TLS.
 *
 * <p>NTLMv2 only. A NEGOTIATE without NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY is refused,
 * and so is an AUTHENTICATE whose NtChallengeResponse is an NTLMv1 (24 bytes) or absent (LM
 * only, anonymous); the LMv2 response is never used to sign in. The NTLMv2 response must carry a
 * time stamp within {@link NtlmSettings#maxClockSkew} of the server's clock; when its MsvAvFlags
 * say a MIC was sent, the MIC must verify (over the three messages, with the
 * ExportedSessionKey). The server challenge is random per exchange and never handed out twice,
 * and an NTProofStr that signed a client in is never accepted again ({@link NtlmReplayGuard}).
 *
 * <p>Failures go through {@link CredentialCheck}, so the one throttle counts them: under the
 * account {@code (ntlm)} before the user is known, then under the login. A message that does
 * not parse is {@link AuthFailure#MALFORMED}, not counted.
 */
public final class NtlmMechanism implements MechanismFactory {

    public static final String NAME = "NTLM";
    /** The throttle's account for an attempt whose user is not known. */
    static final String UNKNOWN_ACCOUNT = "(ntlm)";
    /** The Version the server reports (MS-NLMP 2.2.2.10): 6.0 build 6002, NTLMSSP revision 15. */
    private static final byte[] VERSION = {6, 0, 0x72, 0x17, 0, 0, 0, 0x0f};
    /** 100-nanosecond intervals from 1601-01-01 to 1970-01-01. */
    private static final long FILETIME_UNIX_EPOCH = 116_444_736_000_000_000L;
    /** Flags the server grants when the client asks for them. */
    private static final int[] GRANTED_IF_ASKED = {NegotiateFlags.SIGN, NegotiateFlags.SEAL, NegotiateFlags.ALWAYS_SIGN,
        NegotiateFlags.KEY_EXCH, NegotiateFlags.NEGOTIATE_128, NegotiateFlags.NEGOTIATE_56, NegotiateFlags.VERSION};

    private static final Logger log = LoggerFactory.getLogger(NtlmMechanism.class);

    private final String hostname;
    private final NtlmSettings settings;
    private final Clock clock;
    private final NtlmReplayGuard guard;

    public NtlmMechanism(String hostname, NtlmSettings settings) {
        this(hostname, settings, Clock.systemUTC());
    }

    public NtlmMechanism(String hostname, NtlmSettings settings, Clock clock) {
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.guard = new NtlmReplayGuard(settings.maxClockSkew().multipliedBy(2), clock, settings.replayEntries());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SaslExchange newExchange(CredentialCheck check) {
        return new Exchange(check);
    }

    /** Now as a FILETIME (MS-DTYP 2.3.3). */
    static long fileTime(java.time.Instant instant) {
        return FILETIME_UNIX_EPOCH + instant.getEpochSecond() * 10_000_000L + instant.getNano() / 100;
    }

    /** The flags of the CHALLENGE for a client's NEGOTIATE flags (MS-NLMP 3.2.5.1.1). */
    static int challengeFlags(int asked) {
        int flags = NegotiateFlags.NTLM | NegotiateFlags.EXTENDED_SESSIONSECURITY | NegotiateFlags.TARGET_INFO;
        flags |= NegotiateFlags.has(asked, NegotiateFlags.UNICODE) || !NegotiateFlags.has(asked, NegotiateFlags.OEM)
                ? NegotiateFlags.UNICODE : NegotiateFlags.OEM;
        if (NegotiateFlags.has(asked, NegotiateFlags.REQUEST_TARGET)) {
            flags |= NegotiateFlags.REQUEST_TARGET | NegotiateFlags.TARGET_TYPE_DOMAIN;
        }
        for (int bit : GRANTED_IF_ASKED) {
            if (NegotiateFlags.has(asked, bit)) {
                flags |= bit;
            }
        }
        return flags;
    }

    private enum State { NEW, AWAIT_NEGOTIATE, AWAIT_AUTHENTICATE, DONE }

    /** One attempt: NEGOTIATE, CHALLENGE, AUTHENTICATE. */
    private final class Exchange implements SaslExchange {
        private final CredentialCheck check;
        private State state = State.NEW;
        private List<String> acceptedDomains;
        private NtlmTarget target;
        private byte[] negotiate;
        private byte[] challenge;
        private byte[] serverChallenge;

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
                throw new IllegalStateException("NTLM exchange already started");
            }
            Optional<SaslStep> refused = check.refusal(UNKNOWN_ACCOUNT);
            if (refused.isPresent()) {
                return end(refused.get());
            }
            if (initialResponse.isEmpty() || initialResponse.get().length == 0) {
                state = State.AWAIT_NEGOTIATE;
                return new Challenge(new byte[0]); // the client speaks first: its NEGOTIATE follows
            }
            return negotiate(initialResponse.get());
        }

        @Override
        public SaslStep step(byte[] response) {
            Objects.requireNonNull(response, "response");
            return switch (state) {
                case AWAIT_NEGOTIATE -> negotiate(response);
                case AWAIT_AUTHENTICATE -> authenticate(response);
                case NEW, DONE -> throw new IllegalStateException("NTLM exchange is not running");
            };
        }

        @Override
        public SaslStep cancel() {
            return end(new Failure(AuthFailure.CANCELLED));
        }

        private SaslStep negotiate(byte[] message) {
            NegotiateMessage n;
            try {
                n = NegotiateMessage.parse(message);
            } catch (NtlmFormatException e) {
                return malformed("NEGOTIATE", e);
            }
            if (!NegotiateFlags.has(n.flags(), NegotiateFlags.EXTENDED_SESSIONSECURITY)) {
                refusedBecause(UNKNOWN_ACCOUNT, "no extended session security (NTLMv1 client): " + NegotiateFlags.describe(n.flags()));
                return end(check.failed(UNKNOWN_ACCOUNT));
            }
            try {
                acceptedDomains = check.directory().acceptedDomains();
            } catch (RuntimeException e) {
                return end(check.directoryUnavailable(e));
            }
            target = NtlmTarget.of(hostname, acceptedDomains);
            serverChallenge = guard.newChallenge();
            int flags = challengeFlags(n.flags());
            String targetName = NegotiateFlags.has(flags, NegotiateFlags.REQUEST_TARGET) ? target.nbDomain() : "";
            byte[] version = NegotiateFlags.has(flags, NegotiateFlags.VERSION) ? VERSION : new byte[8];
            negotiate = n.bytes();
            challenge = new ChallengeMessage(flags, targetName, serverChallenge, target.targetInfo(fileTime(clock.instant())),
                    version).encode();
            state = State.AWAIT_AUTHENTICATE;
            return new Challenge(challenge.clone());
        }

        private SaslStep authenticate(byte[] message) {
            AuthenticateMessage a;
            try {
                a = AuthenticateMessage.parse(message);
            } catch (NtlmFormatException e) {
                return malformed("AUTHENTICATE", e);
            }
            byte[] nt = a.ntChallengeResponse();
            if (a.user().isEmpty()) {
                refusedBecause(UNKNOWN_ACCOUNT, "anonymous");
                return end(check.failed(UNKNOWN_ACCOUNT));
            }
            Optional<String> login = target.login(a.domain(), a.user(), acceptedDomains);
            String account = login.orElse(a.domain().isEmpty() ? a.user() : a.domain() + "\\" + a.user());
            Optional<SaslStep> refused = check.refusal(account);
            if (refused.isPresent()) {
                return end(refused.get());
            }
            if (nt.length == 24 || nt.length == 0) {
                refusedBecause(account, nt.length == 24 ? "NTLMv1 response" : "LM response only");
                return end(check.failed(account));
            }
            NtlmV2Response v2;
            try {
                v2 = NtlmV2Response.parse(nt);
            } catch (NtlmFormatException e) {
                return malformed("NTLMv2 response", e);
            }
            if (guard.used(v2.ntProofStr())) {
                refusedBecause(account, "replayed AUTHENTICATE message");
                return end(check.failed(account));
            }
            Directory directory = check.directory();
            Optional<User> user;
            Optional<byte[]> ntHash;
            try {
                user = login.isEmpty() ? Optional.empty() : directory.findUserByLogin(login.get());
                ntHash = user.isEmpty() ? Optional.empty() : directory.ntHash(user.get());
            } catch (RuntimeException e) {
                return end(check.directoryUnavailable(e));
            }
            // the same work whether or not the user and hash exist
            byte[] hash = ntHash.orElseGet(() -> new byte[16]);
            byte[] responseKey = NtlmV2Proof.responseKeyNt(hash, a.user(), a.domain());
            Arrays.fill(hash, (byte) 0);
            byte[] expected = NtlmV2Proof.ntProofStr(responseKey, serverChallenge, v2.clientBlob());
            if (user.isEmpty() || ntHash.isEmpty() || !MessageDigest.isEqual(expected, v2.ntProofStr())) {
                refusedBecause(account, user.isEmpty() ? "no such user" : ntHash.isEmpty()
                        ? "no NT hash kept for this user (set the password again while NTLM is on)" : "wrong response");
                return end(check.failed(account));
            }
            long skew = Math.abs(v2.timestamp() - fileTime(clock.instant())) / 10_000_000L;
            if (v2.timestamp() < 0 || skew > settings.maxClockSkew().toSeconds()) {
                refusedBecause(account, "time stamp " + skew + " s from the server's clock");
                return end(check.failed(account));
            }
            byte[] sessionBaseKey = NtlmV2Proof.sessionBaseKey(responseKey, v2.ntProofStr());
            NtlmSessionKeys keys;
            try {
                keys = NtlmSessionKeys.derive(sessionBaseKey, a.flags(), a.encryptedRandomSessionKey());
            } catch (IllegalArgumentException e) {
                return malformed("AUTHENTICATE", new NtlmFormatException(e.getMessage()));
            }
            if ((v2.avPairs().flags() & AvPairs.FLAG_MIC_PRESENT) != 0) {
                Optional<byte[]> mic = a.mic();
                if (mic.isEmpty() || !MessageDigest.isEqual(mic.get(), keys.mic(negotiate, challenge, a.bytesWithMicZeroed()))) {
                    refusedBecause(account, mic.isEmpty() ? "MsvAvFlags announce a MIC the message lacks" : "MIC does not verify");
                    return end(check.failed(account));
                }
            }
            if (!guard.firstUse(v2.ntProofStr())) {
                refusedBecause(account, "replayed AUTHENTICATE message");
                return end(check.failed(account));
            }
            log.debug("NTLM session keys derived: {} signing key {}…", keys,
                    HexFormat.of().formatHex(keys.signingKey(true), 0, 2));
            return end(check.succeeded(login.get(), user.get()));
        }

        private SaslStep malformed(String what, NtlmFormatException e) {
            log.info("NTLM {} malformed: protocol={} source={}: {}", what, check.context().protocol(),
                    check.context().source().getHostAddress(), e.getMessage());
            return end(new Failure(AuthFailure.MALFORMED));
        }

        private void refusedBecause(String account, String reason) {
            log.info("NTLM refused: protocol={} source={} account={}: {}", check.context().protocol(),
                    check.context().source().getHostAddress(), LogText.printable(account), reason);
        }

        private SaslStep end(SaslStep step) {
            state = State.DONE;
            return step;
        }
    }
}
