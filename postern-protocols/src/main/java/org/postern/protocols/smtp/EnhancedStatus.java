package org.postern.protocols.smtp;

/**
 * An enhanced mail system status code {@code class.subject.detail} (RFC 3463 section 2), sent
 * before the text of replies when ENHANCEDSTATUSCODES is offered (RFC 2034).
 */
public record EnhancedStatus(int statusClass, int subject, int detail) {

    public EnhancedStatus {
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
            throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5: " + statusClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("enhanced status subject and detail are 1 to 3 digits");
        }
    }

    /** Parses {@code "5.1.3"}; throws {@link IllegalArgumentException} otherwise. */
    public static EnhancedStatus parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not an enhanced status code: " + text);
        }
        return new EnhancedStatus(number(parts[0], 1, text), number(parts[1], 3, text), number(parts[2], 3, text));
    }

    private static int number(String s, int maxDigits, String text) {
        if (s.isEmpty() || s.length() > maxDigits) {
            throw new IllegalArgumentException("not an enhanced status code: " + text);
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not an enhanced status code: " + text);
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Whether this status may go with {@code code}: the classes must match (RFC 3463 section 3). */
    public boolean agreesWith(ReplyCode code) {
        int first = code.value() / 100;
        return first == statusClass || (first == 3 && statusClass == 2);
    }

    @Override
    public String toString() {
        return statusClass + "." + subject + "." + detail;
    }
}
