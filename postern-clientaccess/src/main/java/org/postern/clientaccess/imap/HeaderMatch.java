package org.postern.clientaccess.imap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One {@code HEADER field string} search key (and FROM, TO, CC, BCC, SUBJECT: RFC 3501 section
 * 6.4.4) made ready for the messages of one SEARCH, applied to a message's header block as the
 * store keeps it (octets, {@link org.postern.core.store.MessageMetadata#headerBlock}).
 *
 * <p>A message matches when one of its fields of that name (compared case-insensitively) holds
 * the string, case-insensitively, in its value unfolded (RFC 5322 section 2.2.3), trimmed and
 * with RFC 2047 encoded-words decoded; an empty string matches any message with the field. This
 * is what {@link MessageText#header} and {@link MessageText#containsIgnoreCase} answer on the
 * block read as ISO-8859-1, and the common case is answered on the octets in place, without a
 * {@code String}: a US-ASCII string against a value without {@code =?}. A value with an
 * encoded-word, or a string with other characters, is compared as decoded text
 * ({@link MessageText}), one field's value at a time.
 *
 * <p>Holds a scratch buffer: one instance per SEARCH, used by one thread.
 */
final class HeaderMatch {

    /** US-ASCII letters to lower case, every other octet as it is. */
    private static final byte[] LOWER = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            LOWER[i] = (byte) (i >= 'A' && i <= 'Z' ? i + ('a' - 'A') : i);
        }
    }

    private static final VarHandle OCTETS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private final String field;
    private final String value;
    /** The field name's octets in lower case; null when it is not US-ASCII (then the whole block is read as text). */
    private final byte[] name;
    /** The string's octets in lower case; null when it is not US-ASCII (then each value is decoded and compared as text). */
    private final byte[] needle;
    /** True when the string holds a line break, which may match across two fields' values as they are joined. */
    private final boolean acrossFields;
    private byte[] unfolded = new byte[256];

    HeaderMatch(String field, String value) {
        this.field = field;
        this.value = value;
        this.name = lowerAscii(field);
        this.needle = lowerAscii(value);
        this.acrossFields = value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    }

    /** True when the header block has a field of this name whose value holds the string. */
    boolean matches(byte[] block) {
        if (name == null || acrossFields) {
            String values = MessageText.header(new String(block, StandardCharsets.ISO_8859_1), field);
            return values != null && MessageText.containsIgnoreCase(values, value);
        }
        int n = block.length;
        int i = 0;
        while (i < n) {
            // one field: up to a line break not followed by a space or tab (folding)
            int end = indexOf(block, (byte) '\n', i, n);
            while (end >= 0 && end + 1 < n && (block[end + 1] == ' ' || block[end + 1] == '\t')) {
                end = indexOf(block, (byte) '\n', end + 1, n);
            }
            int next = end < 0 ? n : end + 1;
            if (end < 0) {
                end = n;
            } else if (end > i && block[end - 1] == '\r') {
                end--;
            }
            int from = i;
            i = next;
            int colon = named(block, from, end);
            if (colon >= 0 && valueHolds(block, colon + 1, end)) {
                return true;
            }
        }
        return false;
    }

    /** The colon's index when the field in {@code block[from, end)} has this name (blanks around it allowed), else -1. */
    private int named(byte[] block, int from, int end) {
        int colon = indexOf(block, (byte) ':', from, end);
        if (colon <= from) {
            return -1;
        }
        int a = from;
        int b = colon;
        while (a < b && (block[a] & 0xff) <= ' ') {
            a++;
        }
        while (b > a && (block[b - 1] & 0xff) <= ' ') {
            b--;
        }
        if (b - a != name.length) {
            return -1;
        }
        for (int k = 0; k < name.length; k++) {
            if (LOWER[block[a + k] & 0xff] != name[k]) {
                return -1;
            }
        }
        return colon;
    }

    /** True when the value in {@code block[from, end)}, unfolded, trimmed and decoded, holds the string. */
    private boolean valueHolds(byte[] block, int from, int end) {
        int a = from;
        int b = end;
        // String.trim: every character up to U+0020 (those unfolding turns into a space are among them)
        while (a < b && (block[a] & 0xff) <= ' ') {
            a++;
        }
        while (b > a && (block[b - 1] & 0xff) <= ' ') {
            b--;
        }
        if (needle == null || indexOf(block, (byte) '=', (byte) '?', a, b) >= 0) {
            String text = new String(block, from, end - from, StandardCharsets.ISO_8859_1);
            return MessageText.containsIgnoreCase(MessageText.fieldValue(text), value);
        }
        if (needle.length == 0) {
            return true;
        }
        if (indexOf(block, (byte) '\n', a, b) < 0) {
            return contains(block, a, b);
        }
        // folded: each line break with the space or tab after it becomes one space
        if (unfolded.length < b - a) {
            unfolded = new byte[b - a];
        }
        int length = 0;
        for (int k = a; k < b; k++) {
            byte c = block[k];
            if (c == '\r' && k + 2 < b && block[k + 1] == '\n' && (block[k + 2] == ' ' || block[k + 2] == '\t')) {
                unfolded[length++] = ' ';
                k += 2;
            } else if (c == '\n' && k + 1 < b && (block[k + 1] == ' ' || block[k + 1] == '\t')) {
                unfolded[length++] = ' ';
                k++;
            } else {
                unfolded[length++] = c;
            }
        }
        return contains(unfolded, 0, length);
    }

    /** True when {@code text[from, end)} holds the needle, US-ASCII letters compared case-blind. */
    private boolean contains(byte[] text, int from, int end) {
        byte first = needle[0];
        byte upper = first >= 'a' && first <= 'z' ? (byte) (first - ('a' - 'A')) : first;
        int last = end - needle.length;
        for (int p = from; p <= last; p++) {
            p = indexOfEither(text, first, upper, p, last + 1);
            if (p < 0) {
                return false;
            }
            int k = 1;
            while (k < needle.length && LOWER[text[p + k] & 0xff] == needle[k]) {
                k++;
            }
            if (k == needle.length) {
                return true;
            }
        }
        return false;
    }

    /** The first {@code b} in {@code a[from, end)}, or -1: eight octets at a time (most of a header block is skipped so). */
    static int indexOf(byte[] a, byte b, int from, int end) {
        long pattern = (b & 0xffL) * ONES;
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long found = zeroOctets((long) OCTETS.get(a, i) ^ pattern);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The first of {@code b1} or {@code b2} in {@code a[from, end)}, or -1 (a letter in either case). */
    static int indexOfEither(byte[] a, byte b1, byte b2, int from, int end) {
        long p1 = (b1 & 0xffL) * ONES;
        long p2 = (b2 & 0xffL) * ONES;
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long word = (long) OCTETS.get(a, i);
            long found = zeroOctets(word ^ p1) | zeroOctets(word ^ p2);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (a[i] == b1 || a[i] == b2) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The high bit of each octet of {@code x} that is zero, exact up to the first one (above it,
     * a borrow may mark more): enough for the lowest, read little-endian.
     */
    private static long zeroOctets(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    private static int indexOf(byte[] a, byte b1, byte b2, int from, int end) {
        for (int i = from; i + 1 < end; i++) {
            if (a[i] == b1 && a[i + 1] == b2) {
                return i;
            }
        }
        return -1;
    }

    /** The text's octets with US-ASCII letters in lower case, or null when it has any other character. */
    private static byte[] lowerAscii(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            out[i] = LOWER[c];
        }
        return out;
    }
}
