package org.postern.core.store;

import java.util.List;

/**
 * The ENVELOPE of RFC 3501 section 7.4.2, kept at append. Unstructured values (date,
 * subject, in-reply-to, message-id) are the header's unfolded text, still encoded as RFC 2047
 * says, as IMAP returns them; null when the header is absent. As the RFC asks, sender and
 * reply-to are the from addresses when their headers are absent. {@code references} (RFC
 * 5322 section 3.6.4, for threading, RFC 5256) is kept beside the IMAP fields.
 */
public record Envelope(String date, String subject, List<EnvelopeAddress> from, List<EnvelopeAddress> sender,
                       List<EnvelopeAddress> replyTo, List<EnvelopeAddress> to, List<EnvelopeAddress> cc,
                       List<EnvelopeAddress> bcc, String inReplyTo, String messageId, String references) {
    public Envelope {
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }

    /** The envelope of a message without any of these headers. */
    public static Envelope empty() {
        return new Envelope(null, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null);
    }
}
