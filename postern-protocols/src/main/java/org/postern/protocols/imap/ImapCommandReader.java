package org.postern.protocols.imap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.postern.protocols.io.CrlfLineReader;
import org.postern.protocols.io.LineResult;

/**
 * The framing of IMAP commands (RFC 3501 sections 2.2 and 4.3, RFC 7888 LITERAL+): reads one
 * command's lines and literals from a {@link CrlfLineReader} and hands the octets, exactly as
 * they came on the wire but for the final CRLF, to the {@link ImapCommandParser}.
 *
 * <p>A line that ends with a synchronizing literal {@code {n}} gets the continuation request
 * ({@code + Ready}, through {@link Continuation}) only when {@code n} is within the limit
 * ({@link ImapLimits#maxAppend()} for APPEND, {@link ImapLimits#maxLiteral()} otherwise);
 * over it the command is refused ({@code NO [TOOBIG]} for APPEND, RFC 7889 section 4, else
 * {@code BAD}) without the client sending the octets. A non-synchronizing literal over the limit
 * leaves the stream out of step: {@link ImapParseResult.Fatal}. A command with an error in an
 * early line has its later non-synchronizing literals read and dropped so the next command is
 * read from its start.
 */
public final class ImapCommandReader {

    /** Sends the continuation request for a synchronizing literal and flushes it. */
    @FunctionalInterface
    public interface Continuation {
        void ready() throws IOException;
    }

    /** The most literals one command may carry. */
    static final int MAX_LITERALS = 64;

    private final CrlfLineReader in;
    private final ImapLimits limits;
    private final ImapCommandParser parser;

    public ImapCommandReader(CrlfLineReader in, ImapLimits limits, ImapCommandParser parser) {
        this.in = Objects.requireNonNull(in, "in");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** A literal announced at the end of a line: its size and whether it is non-synchronizing. */
    record LiteralHeader(long size, boolean nonSync) {
    }

    /** Reads and parses one command; never throws for anything the peer sends, only for I/O. */
    public ImapParseResult read(Continuation continuation) throws IOException {
        ByteArrayOutputStream command = null;
        String tag = null;
        boolean append = false;
        long lineBytes = 0;
        long literalBytes = 0;
        int literals = 0;
        String peekedTag = peekTag();
        while (true) {
            LineResult result = in.readLine(limits.maxLineLength());
            byte[] line;
            switch (result) {
                case LineResult.EndOfStream e -> {
                    return new ImapParseResult.End();
                }
                case LineResult.TooLong t -> {
                    return ImapParseResult.Bad.of(tag == null ? peekedTag : tag, "Command line too long");
                }
                case LineResult.Line l -> line = l.bytes();
            }
            if (tag == null) {
                tag = tagOf(line);
                append = "APPEND".equalsIgnoreCase(verbOf(line));
            }
            lineBytes += line.length;
            Optional<LiteralHeader> literal = literalAtEnd(line);
            if (lineBytes > limits.maxLineLength()) {
                return drain(literal, tag, "Command too long");
            }
            if (command == null) {
                command = new ByteArrayOutputStream(Math.max(64, line.length + 2));
            }
            command.write(line, 0, line.length);
            if (literal.isEmpty()) {
                return parser.parse(command.toByteArray());
            }
            LiteralHeader header = literal.get();
            long max = append ? limits.maxAppend() : limits.maxLiteral();
            literals++;
            if (header.size() > max || literalBytes + header.size() > limits.maxAppend() + limits.maxLiteral()
                    || literals > MAX_LITERALS) {
                if (header.nonSync()) {
                    return new ImapParseResult.Fatal("Literal too big");
                }
                return max == limits.maxAppend()
                        ? new ImapParseResult.Bad(tag, Optional.of("TOOBIG"), "Message too big, the limit is " + max + " octets")
                        : ImapParseResult.Bad.of(tag, "Literal too big");
            }
            if (!header.nonSync()) {
                continuation.ready();
            }
            command.write('\r');
            command.write('\n');
            int size = (int) header.size();
            if (!readFully(command, size)) {
                return new ImapParseResult.End();
            }
            literalBytes += size;
        }
    }

    /**
     * The tag of the command about to be read, from the buffered octets without consuming them,
     * so a line too long to keep can still be answered with its tag; {@code *} if not in sight.
     */
    private String peekTag() throws IOException {
        String[] tag = {"*"};
        in.consume((buffer, from, to) -> {
            int end = Math.min(to, from + 65);
            for (int i = from; i < end; i++) {
                if (buffer[i] == ' ') {
                    tag[0] = tagOf(java.util.Arrays.copyOfRange(buffer, from, i + 1));
                    break;
                }
                if (buffer[i] == '\n') {
                    break;
                }
            }
            return 0;
        });
        return tag[0];
    }

    /** After an error: drops the non-synchronizing literals still coming with this command. */
    private ImapParseResult drain(Optional<LiteralHeader> literal, String tag, String text) throws IOException {
        while (literal.isPresent() && literal.get().nonSync()) {
            if (literal.get().size() > limits.maxAppend()) {
                return new ImapParseResult.Fatal("Literal too big");
            }
            if (!skip(literal.get().size())) {
                return new ImapParseResult.End();
            }
            LineResult next = in.readLine(limits.maxLineLength());
            if (!(next instanceof LineResult.Line l)) {
                break;
            }
            literal = literalAtEnd(l.bytes());
        }
        return ImapParseResult.Bad.of(tag, text);
    }

    private boolean readFully(ByteArrayOutputStream out, int size) throws IOException {
        byte[] chunk = new byte[Math.min(size, 64 * 1024)];
        int left = size;
        while (left > 0) {
            int n = in.read(chunk, 0, Math.min(left, chunk.length));
            if (n < 0) {
                return false;
            }
            out.write(chunk, 0, n);
            left -= n;
        }
        return true;
    }

    private boolean skip(long size) throws IOException {
        byte[] chunk = new byte[8192];
        long left = size;
        while (left > 0) {
            int n = in.read(chunk, 0, (int) Math.min(left, chunk.length));
            if (n < 0) {
                return false;
            }
            left -= n;
        }
        return true;
    }

    /** The literal header {@code {n}} or {@code {n+}} a line ends with, if any. */
    static Optional<LiteralHeader> literalAtEnd(byte[] line) {
        int end = line.length;
        if (end < 3 || line[end - 1] != '}') {
            return Optional.empty();
        }
        int i = end - 2;
        boolean nonSync = false;
        if (line[i] == '+') {
            nonSync = true;
            i--;
        }
        int digitsEnd = i + 1;
        while (i >= 0 && line[i] >= '0' && line[i] <= '9') {
            i--;
        }
        if (i < 0 || line[i] != '{' || i + 1 == digitsEnd || digitsEnd - (i + 1) > 10) {
            return Optional.empty();
        }
        long size = Long.parseLong(new String(line, i + 1, digitsEnd - (i + 1), StandardCharsets.US_ASCII));
        return Optional.of(new LiteralHeader(size, nonSync));
    }

    /** The tag: the octets before the first space, or {@code *} when they are not a valid tag. */
    static String tagOf(byte[] line) {
        int sp = 0;
        while (sp < line.length && line[sp] != ' ') {
            sp++;
        }
        if (sp == 0 || sp > 64) {
            return "*";
        }
        for (int i = 0; i < sp; i++) {
            if (!ImapCommandParser.isAtomChar(line[i]) || line[i] == '+') {
                return "*";
            }
        }
        return new String(line, 0, sp, StandardCharsets.US_ASCII);
    }

    /** The command name (second word) of a command's first line. */
    private static String verbOf(byte[] line) {
        int start = 0;
        while (start < line.length && line[start] != ' ') {
            start++;
        }
        start++;
        int end = start;
        while (end < line.length && line[end] != ' ') {
            end++;
        }
        if (start >= line.length) {
            return "";
        }
        String verb = new String(line, start, end - start, StandardCharsets.US_ASCII);
        if ("UID".equalsIgnoreCase(verb)) {
            return "";
        }
        return verb;
    }
}
