package org.postern.transport.dsn;

import java.time.Instant;
import java.util.Optional;

/**
 * One recipient in a delivery status notification (RFC 3464 section 2.3).
 *
 * @param finalRecipient    the address the report is about
 * @param originalRecipient the ORCPT the client gave (RFC 3461 section 4.2), if any
 * @param action            failed, delayed or delivered
 * @param reply             the last reply, in SMTP form ({@code 550 5.1.1 …}); its enhanced code is the Status
 * @param willRetryUntil    for delayed reports, when the hub gives up
 */
public record ReportedRecipient(String finalRecipient, Optional<String> originalRecipient, ReportAction action,
                                String reply, Optional<Instant> willRetryUntil) {

    /** The RFC 3463 status code of the reply: its enhanced code, or one derived from its class. */
    public String status() {
        String[] words = reply.strip().split("\\s+", 3);
        if (words.length > 1 && words[1].matches("[245]\\.\\d{1,3}\\.\\d{1,3}")) {
            return words[1];
        }
        if (action == ReportAction.DELIVERED) {
            return "2.0.0";
        }
        return reply.startsWith("4") ? "4.0.0" : "5.0.0";
    }
}
