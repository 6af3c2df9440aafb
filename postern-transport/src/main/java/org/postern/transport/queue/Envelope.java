package org.postern.transport.queue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.ReversePath;

/**
 * The SMTP envelope of a message as it was accepted (RFC 5321 section 2.3.1): the
 * reverse-path of MAIL FROM with its parameters (SIZE, BODY, SMTPUTF8, RET, ENVID, AUTH), the
 * forward-paths of the accepted RCPT TO commands in their order, where the message came from,
 * and when. It never changes once queued; what happens to each recipient is a
 * {@link RecipientState}.
 *
 * @param reversePath the return path; {@link ReversePath#NULL} for a notification (section 4.5.5)
 * @param recipients  at least one
 */
public record Envelope(ReversePath reversePath, List<EnvelopeRecipient> recipients, MailParameters parameters,
                       Origin origin, Instant arrival) {

    public Envelope {
        Objects.requireNonNull(reversePath, "reversePath");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(arrival, "arrival");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope has at least one recipient");
        }
    }
}
