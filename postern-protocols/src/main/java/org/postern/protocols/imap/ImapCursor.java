package org.postern.protocols.imap;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lexical layer of {@link ImapCommandParser} (RFC 3501 section 9): a position in one
 * command's octets and the tokens read there — atoms, numbers, strings (quoted and literal),
 * sequence sets, flags, dates. Any error is an {@link ImapSyntaxException}.
 */
final class ImapCursor {
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

    private final byte[] b;
    private int pos;

    ImapCursor(byte[] b) {
        this.b = b;
    }

    boolean atEnd() {
        return pos >= b.length;
    }

    boolean peekIs(char ch) {
        return pos < b.length && b[pos] == ch;
    }

    boolean peekDigit() {
        return pos < b.length && b[pos] >= '0' && b[pos] <= '9';
    }

    boolean peekLetter() {
        return pos < b.length && ((b[pos] | 0x20) >= 'a' && (b[pos] | 0x20) <= 'z');
    }

    void expect(char ch) {
        if (!peekIs(ch)) {
            throw new ImapSyntaxException(atEnd() ? "Missing argument" : "Expected '" + ch + "'");
        }
        pos++;
    }

    void sp() {
        expect(' ');
    }

    /** Reads {@code word} (case-insensitive) followed by a non-atom octet, if it is next. */
    boolean tryWord(String word) {
        int end = pos + word.length();
        if (end > b.length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (Character.toUpperCase((char) (b[pos + i] & 0xff)) != word.charAt(i)) {
                return false;
            }
        }
        if (end < b.length && ImapCommandParser.isAtomChar(b[end])) {
            return false;
        }
        pos = end;
        return true;
    }

    String tag() {
        int start = pos;
        while (pos < b.length && ImapCommandParser.isAtomChar(b[pos]) && b[pos] != '+') {
            pos++;
        }
        if (pos == start || pos - start > 64) {
            pos = start;
            throw new ImapSyntaxException("Bad tag");
        }
        return ascii(start, pos);
    }

    String atom() {
        int start = pos;
        while (pos < b.length && ImapCommandParser.isAtomChar(b[pos])) {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException(atEnd() ? "Missing argument" : "Expected an atom");
        }
        return ascii(start, pos);
    }

    /** A fetch item name: atom characters and '.' up to '[', ' ', ')' or the end. */
    String fetchWord() {
        int start = pos;
        while (pos < b.length && ImapCommandParser.isAtomChar(b[pos]) && b[pos] != '[' && b[pos] != '<') {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("Expected a FETCH item");
        }
        return ascii(start, pos);
    }

    String sectionWord() {
        int start = pos;
        while (pos < b.length && (peekLetter() || b[pos] == '.')) {
            pos++;
        }
        return ascii(start, pos);
    }

    String restOfLine() {
        int start = pos;
        while (pos < b.length && b[pos] != ' ' && b[pos] >= 0x21 && b[pos] < 0x7f) {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("Expected an initial response");
        }
        return ascii(start, pos);
    }

    private String ascii(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }

    long number() {
        int start = pos;
        long v = 0;
        while (peekDigit()) {
            v = v * 10 + (b[pos] - '0');
            pos++;
            if (pos - start > 10) {
                throw new ImapSyntaxException("Number too large");
            }
        }
        if (pos == start) {
            throw new ImapSyntaxException("Expected a number");
        }
        if (v > 0xFFFF_FFFFL) {
            throw new ImapSyntaxException("Number too large");
        }
        return v;
    }

    /** mod-sequence-value (RFC 7162): up to 63 bits. */
    long number64() {
        int start = pos;
        long v = 0;
        while (peekDigit()) {
            if (pos - start >= 18) {
                throw new ImapSyntaxException("Number too large");
            }
            v = v * 10 + (b[pos] - '0');
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("Expected a number");
        }
        return v;
    }

    long nzNumber() {
        long v = number();
        if (v == 0) {
            throw new ImapSyntaxException("Zero is not a valid number here");
        }
        return v;
    }

    SequenceSet sequenceSet() {
        if (peekIs('$')) {
            pos++;
            return SequenceSet.saved();
        }
        List<SequenceSet.Range> ranges = new ArrayList<>();
        do {
            if (!ranges.isEmpty()) {
                pos++; // ','
            }
            long from = seqNumber();
            long to = from;
            if (peekIs(':')) {
                pos++;
                to = seqNumber();
            }
            ranges.add(new SequenceSet.Range(from, to));
            if (ranges.size() > 10_000) {
                throw new ImapSyntaxException("Sequence set too long");
            }
        } while (peekIs(','));
        return new SequenceSet(ranges, false);
    }

    private long seqNumber() {
        if (peekIs('*')) {
            pos++;
            return SequenceSet.STAR;
        }
        return nzNumber();
    }

    /** astring as octets: atom (with ']'), quoted string or literal. */
    byte[] astring() {
        if (peekIs('"') || peekIs('{')) {
            return string();
        }
        int start = pos;
        while (pos < b.length && ImapCommandParser.isAstringChar(b[pos])) {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException(atEnd() ? "Missing argument" : "Expected a string");
        }
        return java.util.Arrays.copyOfRange(b, start, pos);
    }

    String astringText() {
        return utf8(astring());
    }

    String stringText() {
        return utf8(string());
    }

    byte[] nstring() {
        if (tryWord("NIL")) {
            return null;
        }
        return string();
    }

    byte[] string() {
        if (peekIs('"')) {
            return quoted();
        }
        if (peekIs('{')) {
            return literal();
        }
        throw new ImapSyntaxException("Expected a string");
    }

    byte[] quoted() {
        expect('"');
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            if (atEnd()) {
                throw new ImapSyntaxException("Unterminated quoted string");
            }
            byte x = b[pos++];
            if (x == '"') {
                return out.toByteArray();
            }
            if (x == '\\') {
                if (atEnd() || (b[pos] != '"' && b[pos] != '\\')) {
                    throw new ImapSyntaxException("Bad escape in quoted string");
                }
                x = b[pos++];
            } else if (x == '\r' || x == '\n' || x == 0) {
                throw new ImapSyntaxException("Bad character in quoted string");
            }
            out.write(x);
        }
    }

    byte[] literal() {
        expect('{');
        long n = number();
        if (peekIs('+')) {
            pos++;
        }
        expect('}');
        expect('\r');
        expect('\n');
        if (n > b.length - pos) {
            throw new ImapSyntaxException("Literal shorter than announced");
        }
        byte[] value = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
        pos += (int) n;
        return value;
    }

    /** literal8 of RFC 3516 section 4.1 ({@code ~{n}}, or {@code ~{n+}} with LITERAL+): octets, NUL allowed. */
    byte[] literal8() {
        expect('~');
        return literal();
    }

    /** list-mailbox of RFC 3501: list-chars or a string. */
    String listMailbox() {
        if (peekIs('"') || peekIs('{')) {
            return stringText();
        }
        int start = pos;
        while (pos < b.length && ImapCommandParser.isListChar(b[pos])) {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("Expected a mailbox pattern");
        }
        return ascii(start, pos);
    }

    /** flag: {@code \Atom} or a keyword atom. */
    String flag() {
        if (peekIs('\\')) {
            pos++;
            return "\\" + atom();
        }
        return atom();
    }

    List<String> flagList() {
        expect('(');
        List<String> flags = new ArrayList<>();
        while (!peekIs(')')) {
            if (!flags.isEmpty()) {
                sp();
            }
            flags.add(flag());
            if (flags.size() > 100) {
                throw new ImapSyntaxException("Too many flags");
            }
        }
        expect(')');
        return flags;
    }

    /** date of RFC 3501: {@code 1-Feb-1994}, quoted or not. */
    LocalDate date() {
        boolean quoted = peekIs('"');
        if (quoted) {
            pos++;
        }
        int day = (int) number();
        expect('-');
        int month = month();
        expect('-');
        int year = (int) number();
        if (quoted) {
            expect('"');
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (java.time.DateTimeException e) {
            throw new ImapSyntaxException("Bad date");
        }
    }

    private int month() {
        if (pos + 3 > b.length) {
            throw new ImapSyntaxException("Bad month");
        }
        String m = ascii(pos, pos + 3).toUpperCase(Locale.ROOT);
        for (int i = 0; i < 12; i++) {
            if (MONTHS[i].equals(m)) {
                pos += 3;
                return i + 1;
            }
        }
        throw new ImapSyntaxException("Bad month");
    }

    /** date-time of RFC 3501: {@code "17-Jul-1996 02:44:25 -0700"} (day may be space-padded). */
    ZonedDateTime dateTime() {
        expect('"');
        if (peekIs(' ')) {
            pos++;
        }
        int day = (int) number();
        expect('-');
        int month = month();
        expect('-');
        int year = (int) number();
        sp();
        int hour = (int) number();
        expect(':');
        int minute = (int) number();
        expect(':');
        int second = (int) number();
        sp();
        int sign;
        if (peekIs('+')) {
            sign = 1;
        } else if (peekIs('-')) {
            sign = -1;
        } else {
            throw new ImapSyntaxException("Bad zone");
        }
        pos++;
        int start = pos;
        long zone = number();
        if (pos - start != 4) {
            throw new ImapSyntaxException("Bad zone");
        }
        expect('"');
        try {
            ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign * (int) (zone / 100), sign * (int) (zone % 100));
            return ZonedDateTime.of(year, month, day, hour, minute, second, 0, offset);
        } catch (java.time.DateTimeException e) {
            throw new ImapSyntaxException("Bad date-time");
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
