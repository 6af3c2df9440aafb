package org.postern.protocols.pop3;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What a POP3 server says, as octets (RFC 1939 section 3): single-line {@code +OK} and
 * {@code -ERR} responses with an optional response code in brackets (RFC 2449 section 8,
 * RFC 3206), multi-line responses ending in {@code .CRLF} with dot-stuffing, and SASL
 * continuations {@code + base64} (RFC 5034 section 4). Texts are the server's own; a CR or LF
 * in them is replaced so a response is always one line. Nothing is flushed here.
 */
public final class Pop3Responses {

    private static final byte[] CRLF = {'\r', '\n'};

    private Pop3Responses() {
    }

    /** {@code +OK text}. */
    public static void ok(OutputStream out, String text) throws IOException {
        line(out, text.isEmpty() ? "+OK" : "+OK " + clean(text));
    }

    /** {@code -ERR text}. */
    public static void err(OutputStream out, String text) throws IOException {
        err(out, Optional.empty(), text);
    }

    /** {@code -ERR [CODE] text}. */
    public static void err(OutputStream out, ResponseCode code, String text) throws IOException {
        err(out, Optional.of(code), text);
    }

    public static void err(OutputStream out, Optional<ResponseCode> code, String text) throws IOException {
        line(out, "-ERR " + code.map(c -> "[" + c.wire() + "] ").orElse("") + clean(text));
    }

    /** A SASL challenge: {@code + } and the base64 text (empty for an empty challenge). */
    public static void continuation(OutputStream out, String base64) throws IOException {
        line(out, "+ " + clean(base64));
    }

    /** {@code +OK text}, then each line dot-stuffed, then the terminating {@code .}. */
    public static void multiLine(OutputStream out, String text, List<String> lines) throws IOException {
        ok(out, text);
        for (String l : lines) {
            String body = clean(l);
            line(out, body.startsWith(".") ? "." + body : body);
        }
        line(out, ".");
    }

    private static void line(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write(CRLF);
    }

    private static String clean(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }
}
