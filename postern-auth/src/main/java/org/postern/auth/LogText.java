package org.postern.auth;

/** Client-supplied text made safe for one log line: control characters escaped, length bounded. */
public final class LogText {

    private static final int MAX = 64;

    private LogText() {
    }

    public static String printable(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX) + 8);
        for (int i = 0; i < text.length() && i < MAX; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (text.length() > MAX) {
            b.append('…');
        }
        return b.toString();
    }
}
