package org.postern.transport.dsn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A delivery status notification: the message the hub sends back to a sender when mail could
 * not be delivered, is delayed, or (on request) was delivered — a {@code multipart/report}
 * (RFC 6522) with a human-readable part, a {@code message/delivery-status} part (RFC 3464)
 * and the original message or its header (RFC 3461 RET=FULL or HDRS).
 */
public final class DeliveryStatusReport {

    /** The most of the original returned whole; a larger one is returned as its header only. */
    public static final int MAX_RETURNED = 1024 * 1024;
    private static final DateTimeFormatter RFC5322 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final String reportingMta;

    /** @param reportingMta this hub's host name */
    public DeliveryStatusReport(String reportingMta) {
        this.reportingMta = reportingMta;
    }

    /**
     * Builds the report.
     *
     * @param sender     the original envelope sender, to whom the report goes
     * @param envId      the original ENVID (RFC 3461 section 4.4), if any
     * @param arrival    when the original arrived
     * @param recipients what happened to whom (one action for all: failed, delayed or delivered)
     * @param original   the original message's bytes
     * @param returnFull whether to return the whole message (RET=FULL) or its header only
     */
    public byte[] build(String sender, Optional<String> envId, Instant arrival, List<ReportedRecipient> recipients,
                        InputStream original, boolean returnFull, Instant now) throws IOException {
        ReportAction action = recipients.getFirst().action();
        String boundary = "=_postern_" + UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        head.append("From: Mail Delivery System <MAILER-DAEMON@").append(reportingMta).append(">\r\n");
        head.append("To: <").append(sender).append(">\r\n");
        head.append("Subject: ").append(subject(action)).append("\r\n");
        head.append("Date: ").append(RFC5322.format(now)).append("\r\n");
        head.append("Message-ID: <").append(UUID.randomUUID()).append("@").append(reportingMta).append(">\r\n");
        head.append("Auto-Submitted: auto-replied\r\n");
        head.append("MIME-Version: 1.0\r\n");
        head.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary).append("\"\r\n");
        head.append("\r\n");
        head.append("This is a delivery status notification in MIME format.\r\n\r\n");

        head.append("--").append(boundary).append("\r\n");
        head.append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        head.append(humanText(action, recipients)).append("\r\n");

        head.append("--").append(boundary).append("\r\n");
        head.append("Content-Type: message/delivery-status\r\n\r\n");
        head.append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
        envId.ifPresent(id -> head.append("Original-Envelope-Id: ").append(id).append("\r\n"));
        head.append("Arrival-Date: ").append(RFC5322.format(arrival)).append("\r\n");
        for (ReportedRecipient r : recipients) {
            head.append("\r\n");
            head.append("Final-Recipient: rfc822; ").append(r.finalRecipient()).append("\r\n");
            r.originalRecipient().ifPresent(o -> head.append("Original-Recipient: rfc822; ").append(o).append("\r\n"));
            head.append("Action: ").append(r.action().field()).append("\r\n");
            head.append("Status: ").append(r.status()).append("\r\n");
            head.append("Diagnostic-Code: smtp; ").append(r.reply().strip()).append("\r\n");
            head.append("Last-Attempt-Date: ").append(RFC5322.format(now)).append("\r\n");
            r.willRetryUntil().ifPresent(t -> head.append("Will-Retry-Until: ").append(RFC5322.format(t)).append("\r\n"));
        }
        head.append("\r\n");

        head.append("--").append(boundary).append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] originalBytes = original.readNBytes(MAX_RETURNED + 1);
        boolean whole = returnFull && originalBytes.length <= MAX_RETURNED;
        if (whole) {
            head.append("Content-Type: message/rfc822\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(originalBytes);
        } else {
            head.append("Content-Type: text/rfc822-headers\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(headerSection(originalBytes));
        }
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String subject(ReportAction action) {
        return switch (action) {
            case FAILED -> "Undelivered Mail Returned to Sender";
            case DELAYED -> "Delayed Mail (still being retried)";
            case DELIVERED -> "Successful Mail Delivery Report";
        };
    }

    private String humanText(ReportAction action, List<ReportedRecipient> recipients) {
        StringBuilder t = new StringBuilder("This is the mail system at host ").append(reportingMta).append(".\r\n\r\n");
        t.append(switch (action) {
            case FAILED -> "Your message could not be delivered to one or more recipients. It is attached below.\r\n";
            case DELAYED -> "Your message has not been delivered yet to one or more recipients. The mail system will keep trying; you do not need to send it again.\r\n";
            case DELIVERED -> "Your message was delivered to the recipients below.\r\n";
        });
        t.append("\r\n");
        for (ReportedRecipient r : recipients) {
            t.append("<").append(r.finalRecipient()).append(">: ").append(r.reply().strip()).append("\r\n");
        }
        return t.toString();
    }

    /** The header section of a message, up to and including its empty line. */
    private static byte[] headerSection(byte[] message) {
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                return java.util.Arrays.copyOf(message, i + 2);
            }
        }
        return message.length > MAX_RETURNED ? java.util.Arrays.copyOf(message, MAX_RETURNED) : message;
    }
}
