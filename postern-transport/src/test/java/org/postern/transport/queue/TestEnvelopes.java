package org.postern.transport.queue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.postern.protocols.smtp.BodyType;
import org.postern.protocols.smtp.DsnNotify;
import org.postern.protocols.smtp.DsnReturn;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.Mailbox;
import org.postern.protocols.smtp.Orcpt;
import org.postern.protocols.smtp.RcptParameters;
import org.postern.protocols.smtp.ReversePath;

/** Envelopes and contents for the queue's tests. */
final class TestEnvelopes {

    static final Origin ORIGIN = new Origin("SMTP", "192.0.2.7", "client.example.net", Optional.empty(),
            Optional.of("TLSv1.3"), Optional.of("TLS_AES_256_GCM_SHA384"));

    private TestEnvelopes() {
    }

    static Envelope simple(String... recipients) {
        return simple(Instant.parse("2026-01-01T00:00:00Z"), recipients);
    }

    static Envelope simple(Instant arrival, String... recipients) {
        List<EnvelopeRecipient> rcpts = java.util.Arrays.stream(recipients)
                .map(r -> new EnvelopeRecipient(mailbox(r), RcptParameters.NONE)).toList();
        return new Envelope(mailbox("sender@example.net"), rcpts, MailParameters.NONE, ORIGIN, arrival);
    }

    /** Everything an envelope can carry: SMTPUTF8 paths, every MAIL and RCPT parameter. */
    static Envelope rich() {
        MailParameters params = new MailParameters(OptionalLong.of(10240), Optional.of(BodyType.EIGHT_BIT_MIME), true,
                Optional.of(DsnReturn.HDRS), Optional.of("QQ314159"), Optional.of("<>"));
        List<EnvelopeRecipient> rcpts = List.of(
                new EnvelopeRecipient(mailbox("jörg@bücher.example"),
                        new RcptParameters(Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE),
                                Optional.of(new Orcpt("rfc822", "Jörg@Bücher.example")))),
                new EnvelopeRecipient(new Mailbox("john smith", "example.org"),
                        new RcptParameters(Set.of(DsnNotify.NEVER), Optional.empty())),
                new EnvelopeRecipient(ForwardPath.POSTMASTER,
                        new RcptParameters(Set.of(DsnNotify.DELAY), Optional.of(new Orcpt("rfc822", "a+b=c@x.y")))));
        Origin origin = new Origin("submission", "[2001:db8::7]:51234", "laptop", Optional.of("jörg"),
                Optional.of("TLSv1.2"), Optional.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        return new Envelope(mailbox("用户@例子.example"), rcpts, params, origin,
                Instant.parse("2026-11-28T01:02:03.456789Z"));
    }

    static Envelope nullSender(String recipient) {
        return new Envelope(ReversePath.NULL, List.of(new EnvelopeRecipient(mailbox(recipient), RcptParameters.NONE)),
                MailParameters.NONE, Origin.local("report"), Instant.parse("2026-02-03T04:05:06Z"));
    }

    static Mailbox mailbox(String address) {
        int at = address.lastIndexOf('@');
        return new Mailbox(address.substring(0, at), address.substring(at + 1));
    }

    /** Deterministic bytes for a seed, so a test can check content without keeping it. */
    static byte[] content(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
