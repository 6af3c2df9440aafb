package org.postern.protocols.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.postern.core.store.BodyStructure;
import org.postern.core.store.Envelope;
import org.postern.core.store.EnvelopeAddress;

/**
 * What the server says (RFC 3501 section 7, grammar in section 9), as octets: status responses
 * tagged and untagged with their response codes, continuation requests, and the pieces of data
 * responses — atoms, numbers, strings (quoted when safe, a literal otherwise), lists, ENVELOPE
 * and BODYSTRUCTURE (section 7.4.2) from the store's parsed records. No I/O of its own but
 * writing to the stream it is given; the caller flushes.
 *
 * <p>A string is quoted when it is short and holds no CR, LF, NUL, or 8-bit octet (8-bit is
 * allowed in quoted strings once UTF8=ACCEPT is on, RFC 6855 section 3); otherwise it goes as a
 * literal. Envelope names with non-ASCII characters are sent as RFC 2047 encoded-words unless
 * UTF-8 is on.
 */
public final class ImapResponseWriter {

    /** The status of a status response (RFC 3501 section 7.1). */
    public enum Status { OK, NO, BAD, PREAUTH, BYE }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MAX_QUOTED = 1024;

    private final OutputStream out;
    private boolean utf8;

    public ImapResponseWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Lets 8-bit UTF-8 go in quoted strings (after ENABLE UTF8=ACCEPT). */
    public void utf8(boolean on) {
        this.utf8 = on;
    }

    public boolean utf8() {
        return utf8;
    }

    // --- whole responses ---

    /** {@code tag OK [CODE] text}. */
    public void tagged(String tag, Status status, Optional<String> code, String text) throws IOException {
        raw(tag).raw(" ").raw(status.name()).raw(" ");
        code.ifPresent(c -> rawUnchecked("[" + c + "] "));
        raw(safeText(text)).crlf();
    }

    public void tagged(String tag, Status status, String text) throws IOException {
        tagged(tag, status, Optional.empty(), text);
    }

    /** {@code * OK [CODE] text} and the other untagged status responses. */
    public void untaggedStatus(Status status, Optional<String> code, String text) throws IOException {
        tagged("*", status, code, text);
    }

    /** {@code * <text>}: an untagged data response whose text the caller built of safe atoms. */
    public void untagged(String text) throws IOException {
        raw("* ").raw(text).crlf();
    }

    /** {@code + text}: the continuation request. */
    public void continuation(String text) throws IOException {
        raw("+ ").raw(safeText(text)).crlf();
    }

    // --- pieces of a data response ---

    public ImapResponseWriter raw(String ascii) throws IOException {
        out.write(ascii.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** Octets already in the grammar (a piece this class rendered before, such as a kept ENVELOPE), as they are. */
    public ImapResponseWriter octets(byte[] rendered) throws IOException {
        out.write(rendered);
        return this;
    }

    private void rawUnchecked(String ascii) {
        try {
            raw(ascii);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public ImapResponseWriter sp() throws IOException {
        out.write(' ');
        return this;
    }

    public ImapResponseWriter open() throws IOException {
        out.write('(');
        return this;
    }

    public ImapResponseWriter close() throws IOException {
        out.write(')');
        return this;
    }

    public ImapResponseWriter number(long n) throws IOException {
        return raw(Long.toString(n));
    }

    public ImapResponseWriter crlf() throws IOException {
        out.write(CRLF);
        return this;
    }

    public ImapResponseWriter nil() throws IOException {
        return raw("NIL");
    }

    /** nstring: NIL for null, else a string. */
    public ImapResponseWriter nstring(String s) throws IOException {
        return s == null ? nil() : string(s);
    }

    /** A string, quoted if it may be, else a literal. */
    public ImapResponseWriter string(String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (quotable(bytes)) {
            out.write('"');
            for (byte b : bytes) {
                if (b == '"' || b == '\\') {
                    out.write('\\');
                }
                out.write(b);
            }
            out.write('"');
            return this;
        }
        return literal(bytes);
    }

    /** An astring: an atom when it is one (as mailbox names usually are), else a string. */
    public ImapResponseWriter astring(String s) throws IOException {
        if (!s.isEmpty() && s.length() < MAX_QUOTED && s.chars().allMatch(c -> c < 0x80 && ImapCommandParser.isAtomChar((byte) c))
                && !s.equalsIgnoreCase("NIL")) {
            return raw(s);
        }
        return string(s);
    }

    private boolean quotable(byte[] bytes) {
        if (bytes.length > MAX_QUOTED) {
            return false;
        }
        for (byte b : bytes) {
            if (b == '\r' || b == '\n' || b == 0 || (b < 0 && !utf8)) {
                return false;
            }
        }
        return true;
    }

    /** {@code {n}CRLF} and the octets. */
    public ImapResponseWriter literal(byte[] bytes) throws IOException {
        raw("{" + bytes.length + "}").crlf();
        out.write(bytes);
        return this;
    }

    /** {@code ~{n}CRLF} and the octets: a literal8 (RFC 3516 section 4.1), for content that may hold NUL. */
    public ImapResponseWriter literal8(byte[] bytes) throws IOException {
        raw("~{" + bytes.length + "}").crlf();
        out.write(bytes);
        return this;
    }

    /** A literal of {@code size} octets read from {@code content} (which must have them). */
    public ImapResponseWriter literal(InputStream content, long size) throws IOException {
        raw("{" + size + "}").crlf();
        byte[] buf = new byte[(int) Math.min(64 * 1024, Math.max(1, size))];
        long left = size;
        while (left > 0) {
            int n = content.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("content ended " + left + " octets early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
        return this;
    }

    /** A parenthesised list of flags or atoms, as given. */
    public ImapResponseWriter atomList(List<String> atoms) throws IOException {
        return raw("(" + String.join(" ", atoms) + ")");
    }

    // --- QUOTA (RFC 9208 section 5) ---

    /**
     * {@code * QUOTAROOT mailbox root…} (RFC 9208 section 5.2): the quota roots of a mailbox, as
     * astrings; none when no quota applies to it.
     */
    public void quotaRoot(String mailbox, List<String> roots) throws IOException {
        raw("* QUOTAROOT ").astring(mailbox);
        for (String root : roots) {
            sp().astring(root);
        }
        crlf();
    }

    /**
     * {@code * QUOTA root (resource usage limit …)} (RFC 9208 section 5.1): each resource's name,
     * usage and limit, in the resource's units (STORAGE: 1024 octets).
     */
    public void quota(String root, List<QuotaResource> resources) throws IOException {
        raw("* QUOTA ").astring(root).raw(" (");
        for (int i = 0; i < resources.size(); i++) {
            QuotaResource r = resources.get(i);
            raw((i == 0 ? "" : " ") + r.name() + " " + r.usage() + " " + r.limit());
        }
        raw(")").crlf();
    }

    /** One quota_resource of a QUOTA response: resource name, usage, limit. */
    public record QuotaResource(String name, long usage, long limit) {
    }

    // --- ENVELOPE and BODYSTRUCTURE (RFC 3501 section 7.4.2) ---

    public ImapResponseWriter envelope(Envelope e) throws IOException {
        open();
        nstring(e.date()).sp();
        nstring(e.subject()).sp();
        addresses(e.from()).sp();
        addresses(e.sender()).sp();
        addresses(e.replyTo()).sp();
        addresses(e.to()).sp();
        addresses(e.cc()).sp();
        addresses(e.bcc()).sp();
        nstring(e.inReplyTo()).sp();
        nstring(e.messageId());
        return close();
    }

    private ImapResponseWriter addresses(List<EnvelopeAddress> list) throws IOException {
        if (list.isEmpty()) {
            return nil();
        }
        open();
        for (EnvelopeAddress a : list) {
            open();
            nstring(a.name() == null ? null : encodedWord(a.name())).sp();
            nstring(a.adl()).sp();
            nstring(a.mailbox()).sp();
            nstring(a.host());
            close();
        }
        return close();
    }

    /** A decoded display name back to ASCII for a client without UTF-8: one RFC 2047 B encoded-word. */
    private String encodedWord(String name) {
        if (utf8 || name.chars().allMatch(c -> c < 0x80)) {
            return name;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /**
     * BODYSTRUCTURE ({@code extensible} true) or BODY (false, without the extension data).
     */
    public ImapResponseWriter bodyStructure(BodyStructure b, boolean extensible) throws IOException {
        open();
        if (b.isMultipart()) {
            if (b.parts().isEmpty()) {
                // A multipart without parts is not expressible; RFC 3501 needs at least one body.
                bodyStructure(new BodyStructure("text", "plain", Map.of(), null, null, "7bit", 0, 0, null,
                        null, null, null, null, null, null), extensible);
            }
            for (BodyStructure part : b.parts()) {
                bodyStructure(part, extensible);
            }
            sp().string(upper(b.subtype()));
            if (extensible) {
                sp().parameters(b.parameters());
                sp().disposition(b.disposition());
                sp().language(b.language());
                sp().nstring(b.location());
            }
            return close();
        }
        string(upper(b.type())).sp().string(upper(b.subtype())).sp();
        parameters(b.parameters()).sp();
        nstring(b.id()).sp();
        nstring(b.description()).sp();
        string(b.encoding() == null ? "7BIT" : upper(b.encoding())).sp();
        number(Math.max(0, b.size()));
        if (b.isMessage() && b.envelope() != null && b.body() != null) {
            sp().envelope(b.envelope()).sp().bodyStructure(b.body(), extensible).sp().number(Math.max(0, b.lines()));
        } else if ("text".equals(b.type())) {
            sp().number(Math.max(0, b.lines()));
        }
        if (extensible) {
            sp().nstring(b.md5());
            sp().disposition(b.disposition());
            sp().language(b.language());
            sp().nstring(b.location());
        }
        return close();
    }

    private static String upper(String s) {
        return s == null ? "" : s.toUpperCase(java.util.Locale.ROOT);
    }

    private ImapResponseWriter parameters(Map<String, String> params) throws IOException {
        if (params.isEmpty()) {
            return nil();
        }
        open();
        boolean first = true;
        for (Map.Entry<String, String> p : MimeParameters.joined(params).entrySet()) { // RFC 2231 continuations joined
            if (!first) {
                sp();
            }
            first = false;
            string(upper(p.getKey())).sp().string(p.getValue() == null ? "" : p.getValue());
        }
        return close();
    }

    private ImapResponseWriter disposition(BodyStructure.Disposition d) throws IOException {
        if (d == null) {
            return nil();
        }
        return open().string(upper(d.type())).sp().parameters(d.parameters()).close();
    }

    private ImapResponseWriter language(List<String> language) throws IOException {
        if (language == null || language.isEmpty()) {
            return nil();
        }
        if (language.size() == 1) {
            return string(language.get(0));
        }
        open();
        for (int i = 0; i < language.size(); i++) {
            if (i > 0) {
                sp();
            }
            string(language.get(i));
        }
        return close();
    }

    /** Response text has no CR or LF (RFC 3501 section 9, text = 1*TEXT-CHAR). */
    private static String safeText(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return sb.isEmpty() ? "OK" : sb.toString();
    }

    public void flush() throws IOException {
        out.flush();
    }
}
