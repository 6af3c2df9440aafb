package org.postern.clientaccess.imap;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.postern.core.store.EnvelopeAddress;
import org.postern.core.store.MessageMetadata;

/**
 * What SORT and THREAD compare (RFC 5256 sections 2 and 3): the base subject (section 2.1),
 * the sent date (section 2.2: the Date header in UTC, the internal date when it is missing or
 * unreadable) and the first address's mailbox, all compared with i;ascii-casemap.
 */
final class SortKeys {

    private SortKeys() {
    }

    /** The base subject and whether subject extraction found a reply or forward marker. */
    record BaseSubject(String text, boolean reply) {
    }

    static BaseSubject baseSubject(String raw) {
        if (raw == null) {
            return new BaseSubject("", false);
        }
        String s = MessageText.decodeWords(raw).replaceAll("[\\t\\r\\n ]+", " ").trim();
        boolean reply = false;
        boolean changed = true;
        while (changed) {
            changed = false;
            // (2) trailing "(fwd)" and white space
            while (s.toLowerCase(Locale.ROOT).endsWith("(fwd)")) {
                s = s.substring(0, s.length() - 5).trim();
                reply = true;
            }
            // (3)/(4) leading subj-refwd ("re", "fw", "fwd" with an optional [blob], then ':') and [blob]s
            boolean inner = true;
            while (inner) {
                inner = false;
                String lower = s.toLowerCase(Locale.ROOT);
                for (String prefix : List.of("fwd", "fw", "re")) {
                    if (lower.startsWith(prefix)) {
                        int i = prefix.length();
                        while (i < s.length() && s.charAt(i) == ' ') {
                            i++;
                        }
                        if (i < s.length() && s.charAt(i) == '[') {
                            int close = s.indexOf(']', i);
                            if (close < 0) {
                                break;
                            }
                            i = close + 1;
                            while (i < s.length() && s.charAt(i) == ' ') {
                                i++;
                            }
                        }
                        if (i < s.length() && s.charAt(i) == ':') {
                            s = s.substring(i + 1).trim();
                            reply = true;
                            inner = true;
                            changed = true;
                        }
                        break;
                    }
                }
                if (!inner && s.startsWith("[")) {
                    int close = s.indexOf(']');
                    if (close > 0 && !s.substring(close + 1).trim().isEmpty()) {
                        s = s.substring(close + 1).trim();
                        inner = true;
                        changed = true;
                    }
                }
            }
            // (6) "[fwd:" … "]"
            if (s.toLowerCase(Locale.ROOT).startsWith("[fwd:") && s.endsWith("]")) {
                s = s.substring(5, s.length() - 1).trim();
                reply = true;
                changed = true;
            }
        }
        return new BaseSubject(s.toLowerCase(Locale.ROOT), reply);
    }

    static Instant sentDate(MessageMetadata m) {
        String date = m.envelope().date();
        if (date != null) {
            try {
                String cleaned = date.replaceAll("\\s*\\([^)]*\\)\\s*$", "").replaceAll("\\s+", " ").trim();
                return ZonedDateTime.parse(cleaned, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                // fall back to the internal date
            }
        }
        return m.internalDate();
    }

    /** The mailbox (local part) of the first address, lower case; empty when there is none. */
    static String firstMailbox(List<EnvelopeAddress> addresses) {
        for (EnvelopeAddress a : addresses) {
            if (a.mailbox() != null && a.host() != null) {
                return a.mailbox().toLowerCase(Locale.ROOT);
            }
        }
        return "";
    }
}
