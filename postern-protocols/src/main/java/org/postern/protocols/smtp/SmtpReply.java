package org.postern.protocols.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One SMTP reply, single- or multi-line (RFC 5321 section 4.2 and 4.2.1): every line but the
 * last is {@code code-text}, the last {@code code SP text}. With an enhanced status (RFC 2034
 * section 3, RFC 3463) every line carries it after the code.
 *
 * <p>Text lines are checked when the reply is made: no CR, LF or other control character can
 * reach the wire from text built out of client input, and no line exceeds 512 octets with its
 * CRLF (RFC 5321 section 4.5.3.1.5).
 */
public record SmtpReply(ReplyCode code, Optional<EnhancedStatus> status, List<String> lines) {

    /** RFC 5321 section 4.5.3.1.5: a reply line is at most 512 octets with CRLF. */
    public static final int MAX_LINE = 512;

    public SmtpReply {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(status, "status");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
        status.ifPresent(s -> {
            if (!s.agreesWith(code)) {
                throw new IllegalArgumentException("enhanced status " + s + " does not agree with " + code);
            }
        });
        int prefix = 4 + status.map(s -> s.toString().length() + 1).orElse(0);
        for (String line : lines) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    throw new IllegalArgumentException("control character in reply text");
                }
            }
            if (prefix + line.getBytes(StandardCharsets.UTF_8).length + 2 > MAX_LINE) {
                throw new IllegalArgumentException("reply line longer than " + MAX_LINE + " octets");
            }
        }
    }

    /** A one-line reply with an enhanced status, e.g. {@code of(250, "2.1.0", "Sender OK")}. */
    public static SmtpReply of(int code, String status, String text) {
        return new SmtpReply(ReplyCode.of(code), Optional.of(EnhancedStatus.parse(status)), List.of(text));
    }

    /** A one-line reply without enhanced status (greeting, 354, 334). */
    public static SmtpReply of(int code, String text) {
        return new SmtpReply(ReplyCode.of(code), Optional.empty(), List.of(text));
    }

    /** The same code and status with other text. */
    public SmtpReply withText(String... text) {
        return new SmtpReply(code, status, List.of(text));
    }

    /** The wire form with CRLFs and the enhanced status (when the reply has one). */
    public String toWire() {
        return toWire(true);
    }

    /**
     * The wire form.
     *
     * @param enhancedStatusCodes false when ENHANCEDSTATUSCODES is not offered: the status is left out
     */
    public String toWire(boolean enhancedStatusCodes) {
        StringBuilder b = new StringBuilder(lines.size() * 32);
        String statusPrefix = enhancedStatusCodes && status.isPresent() ? status.get() + " " : "";
        for (int i = 0; i < lines.size(); i++) {
            b.append(code.value()).append(i == lines.size() - 1 ? ' ' : '-')
                    .append(statusPrefix).append(lines.get(i)).append("\r\n");
        }
        return b.toString();
    }

    public byte[] toBytes(boolean enhancedStatusCodes) {
        return toWire(enhancedStatusCodes).getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the reply; does not flush (pipelined replies go out together, RFC 2920 section 3.2). */
    public void writeTo(OutputStream out, boolean enhancedStatusCodes) throws IOException {
        out.write(toBytes(enhancedStatusCodes));
    }

    @Override
    public String toString() {
        return toWire().stripTrailing();
    }
}
