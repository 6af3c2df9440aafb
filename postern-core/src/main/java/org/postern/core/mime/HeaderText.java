package org.postern.core.mime;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Header field values as IMAP SEARCH compares them (RFC 3501 section 6.4.4): a header block read
 * as ISO-8859-1 text, each field's value unfolded (RFC 5322 section 2.2.3), trimmed and with
 * RFC 2047 encoded-words decoded, the values of repeated fields joined by a line feed; the
 * comparison is a case-insensitive substring test. One decoder for the IMAP server's matching
 * and for the store's header-field index (docs/adr/0020-header-search-index.md), which keeps
 * {@link #fold folded} values so that "contains, ignoring case" becomes a plain substring test.
 */
public final class HeaderText {

    private static final Pattern FOLD = Pattern.compile("\r?\n[ \t]");
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([bBqQ])\\?([^?]*)\\?=");

    private HeaderText() {
    }

    /**
     * Every value of header {@code name} in a header block (read as ISO-8859-1 text), unfolded
     * and decoded, joined by line feeds; null if there is none.
     */
    public static String values(String block, String name) {
        return values(block, List.of(name))[0];
    }

    /** {@link #values(String, String)} of each of {@code names}, in one pass over the block. */
    public static String[] values(String block, List<String> names) {
        StringBuilder[] out = new StringBuilder[names.size()];
        int n = block.length();
        int i = 0;
        while (i < n) {
            // one field: up to a line break not followed by a space or tab (folding, RFC 5322 section 2.2.3)
            int end = block.indexOf('\n', i);
            while (end >= 0 && end + 1 < n && (block.charAt(end + 1) == ' ' || block.charAt(end + 1) == '\t')) {
                end = block.indexOf('\n', end + 1);
            }
            int next = end < 0 ? n : end + 1;
            if (end < 0) {
                end = n;
            } else if (end > i && block.charAt(end - 1) == '\r') {
                end--;
            }
            int from = i;
            i = next;
            int colon = block.indexOf(':', from);
            if (colon <= from || colon >= end) {
                continue;
            }
            for (int k = 0; k < out.length; k++) {
                if (isNamed(block, from, colon, names.get(k))) { // most fields: no copy made
                    if (out[k] == null) {
                        out[k] = new StringBuilder();
                    } else {
                        out[k].append('\n');
                    }
                    out[k].append(fieldValue(block.substring(colon + 1, end)));
                    break;
                }
            }
        }
        String[] values = new String[out.length];
        for (int k = 0; k < out.length; k++) {
            values[k] = out[k] == null ? null : out[k].toString();
        }
        return values;
    }

    /** A field's value as SEARCH compares it: unfolded, trimmed, encoded-words decoded. */
    public static String fieldValue(String raw) {
        return decodeWords((raw.indexOf('\n') < 0 ? raw : FOLD.matcher(raw).replaceAll(" ")).trim());
    }

    /** True when the field name in {@code text[from, colon)} is {@code name} (case-blind; blanks around the name allowed). */
    private static boolean isNamed(String text, int from, int colon, String name) {
        int a = from;
        int b = colon;
        while (a < b && text.charAt(a) <= ' ') {
            a++;
        }
        while (b > a && text.charAt(b - 1) <= ' ') {
            b--;
        }
        return b - a == name.length() && text.regionMatches(true, a, name, 0, name.length());
    }

    /** RFC 2047 encoded-words decoded; malformed ones are left as they are. */
    public static String decodeWords(String value) {
        if (value.indexOf("=?") < 0) {
            return value; // no encoded-word: most values
        }
        Matcher m = ENCODED_WORD.matcher(value);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String between = value.substring(last, m.start());
            if (last == 0 || !between.isBlank()) {
                out.append(between);
            }
            try {
                Charset cs = Charset.forName(m.group(1).replaceAll("\\*.*$", ""));
                byte[] bytes = m.group(2).equalsIgnoreCase("B") ? Base64.getMimeDecoder().decode(m.group(3))
                        : QuotedPrintable.decode(m.group(3).replace('_', ' ').getBytes(StandardCharsets.ISO_8859_1));
                out.append(new String(bytes, cs));
            } catch (IllegalArgumentException e) {
                out.append(m.group());
            }
            last = m.end();
        }
        out.append(value.substring(last));
        return out.toString();
    }

    /**
     * True when {@code haystack} holds {@code needle}, characters compared as
     * {@link String#regionMatches(boolean, int, String, int, int)} ignoring case does (equal
     * when upper-cased, or when lower-cased after that; a surrogate pair as its code point):
     * exactly when {@link #fold} of the one holds {@link #fold} of the other.
     */
    public static boolean containsIgnoreCase(String haystack, String needle) {
        if (needle.isEmpty()) {
            return true;
        }
        // Without lowering the whole haystack (a decoded body) first: candidates by the needle's
        // first character in either case (or, beyond US-ASCII, the same fold: a Kelvin sign is a
        // "k", a long s an "s"), then a case-blind comparison of the rest.
        char first = needle.charAt(0);
        char lower = Character.toLowerCase(first);
        char upper = Character.toUpperCase(first);
        int folded = fold(needle.codePointAt(0));
        boolean ascii = first < 0x80;
        int last = haystack.length() - needle.length();
        for (int i = 0; i <= last; i++) {
            char c = haystack.charAt(i);
            if ((c == lower || c == upper || (c >= 0x80 || !ascii) && fold(haystack.codePointAt(i)) == folded)
                    && haystack.regionMatches(true, i, needle, 0, needle.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The text with each character case-folded as {@link #containsIgnoreCase} compares it
     * (upper-cased, then lower-cased, a surrogate pair as its code point; the length stays),
     * and U+0000, which no database text column holds, as U+FFFD: {@code containsIgnoreCase(h,
     * n)} is {@code fold(h).contains(fold(n))} for every needle without U+0000, U+FFFD or a
     * lone surrogate ({@link #foldable}).
     */
    public static String fold(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && text.charAt(i) < 0x80 && fold(text.charAt(i)) == text.charAt(i)) {
            i++;
        }
        if (i == n) {
            return text; // already folded US-ASCII: most of a header value
        }
        StringBuilder out = new StringBuilder(n).append(text, 0, i);
        while (i < n) {
            int cp = text.codePointAt(i);
            out.appendCodePoint(fold(cp));
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** One code point {@link #fold(String) folded}; the same number of UTF-16 units. */
    public static int fold(int cp) {
        if (cp < 0x80) {
            return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp == 0 ? 0xfffd : cp;
        }
        return Character.toLowerCase(Character.toUpperCase(cp));
    }

    /** True when {@code containsIgnoreCase(h, needle)} is {@code fold(h).contains(fold(needle))} for every {@code h}. */
    public static boolean foldable(String needle) {
        for (int i = 0; i < needle.length(); i++) {
            char c = needle.charAt(i);
            if (c == 0 || c == '\ufffd') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < needle.length() && Character.isLowSurrogate(needle.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
