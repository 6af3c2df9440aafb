package org.postern.transport.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What the session needs to know of a message's header section (RFC 5322 section 2.2 and
 * 3.6): whether it has a Message-ID and a Date (a submission without them gets them, RFC 6409
 * section 8.2 and 8.3), the Message-ID for message tracking, and how many Received fields it
 * carries (loop detection). Reads at most {@code maxBytes}; a header section longer than that
 * is judged on what was read.
 *
 * @param messageId     the Message-ID field's value, unfolded and trimmed, if present
 * @param hasDate       whether a Date field is present
 * @param receivedCount how many Received fields are present
 */
record HeaderScan(Optional<String> messageId, boolean hasDate, int receivedCount) {

    static HeaderScan of(InputStream in, int maxBytes) throws IOException {
        byte[] head = in.readNBytes(maxBytes);
        String text = new String(head, StandardCharsets.ISO_8859_1);
        Optional<String> messageId = Optional.empty();
        boolean hasDate = false;
        int received = 0;
        String field = null;
        StringBuilder value = new StringBuilder();
        int pos = 0;
        while (pos < text.length()) {
            int lf = text.indexOf('\n', pos);
            boolean complete = lf >= 0;
            String line = text.substring(pos, complete ? lf : text.length());
            pos = complete ? lf + 1 : text.length();
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (continuation && field != null) {
                value.append(line);
                continue;
            }
            if (field != null && field.equals("message-id") && messageId.isEmpty()) {
                messageId = Optional.of(value.toString().strip());
            }
            field = null;
            if (line.isEmpty() && complete) {
                break; // the end of the header section
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(0, colon).strip().indexOf(' ') >= 0) {
                continue; // not a field; judged by the mailbox side, not here
            }
            field = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            value.setLength(0);
            value.append(line, colon + 1, line.length());
            switch (field) {
                case "date" -> hasDate = true;
                case "received" -> received++;
                default -> {
                }
            }
        }
        if (field != null && field.equals("message-id") && messageId.isEmpty()) {
            messageId = Optional.of(value.toString().strip());
        }
        return new HeaderScan(messageId.filter(s -> !s.isEmpty()), hasDate, received);
    }
}
