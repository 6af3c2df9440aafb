package org.postern.protocols.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postern.protocols.io.CrlfLineReader;
import org.postern.protocols.io.LineResult;

/**
 * The client side of RFC 5321 section 4.2: reads one reply, single- or multi-line, from a
 * server (a remote MTA, another hub, the edge, a mailbox server over LMTP). Every line must
 * carry the same code; the last one has SP or nothing after it. An enhanced status (RFC 2034)
 * is recognized when every line starts with one that agrees with the code.
 *
 * <p>A hostile or broken server cannot make the reader misbehave: lines are bounded by the
 * line reader, replies by {@code maxLines}, control characters in the text become {@code ?},
 * text that is not UTF-8 is decoded with replacement characters, and over-long text is cut to
 * fit a 512-octet line.
 */
public final class SmtpReplyReader {

    /** An EHLO reply of a busy server has some 20 lines; 1000 is far beyond any real reply. */
    public static final int DEFAULT_MAX_LINES = 1000;

    private final int maxLines;

    public SmtpReplyReader() {
        this(DEFAULT_MAX_LINES);
    }

    public SmtpReplyReader(int maxLines) {
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be positive");
        }
        this.maxLines = maxLines;
    }

    public ReplyReadResult read(CrlfLineReader in) throws IOException {
        List<String> texts = new ArrayList<>();
        int code = -1;
        while (true) {
            LineResult result = in.readLine();
            LineResult.Line line;
            switch (result) {
                case LineResult.EndOfStream e -> {
                    return new ReplyReadResult.EndOfStream();
                }
                case LineResult.TooLong t -> {
                    return new ReplyReadResult.Malformed("reply line too long");
                }
                case LineResult.Line l -> line = l;
            }
            byte[] b = line.bytes();
            if (!line.isCanonical()) {
                return new ReplyReadResult.Malformed("bare CR or LF in reply");
            }
            if (b.length < 3 || !digit(b[0], '2', '5') || !digit(b[1], '0', '5') || !digit(b[2], '0', '9')
                    || (b.length > 3 && b[3] != ' ' && b[3] != '-')) {
                return new ReplyReadResult.Malformed("not a reply line");
            }
            int lineCode = (b[0] - '0') * 100 + (b[1] - '0') * 10 + (b[2] - '0');
            if (code >= 0 && lineCode != code) {
                return new ReplyReadResult.Malformed("reply code changed within a multi-line reply");
            }
            code = lineCode;
            texts.add(b.length > 4 ? new String(b, 4, b.length - 4, StandardCharsets.UTF_8) : "");
            boolean last = b.length == 3 || b[3] == ' ';
            if (last) {
                return new ReplyReadResult.Reply(build(ReplyCode.of(code), texts));
            }
            if (texts.size() >= maxLines) {
                return new ReplyReadResult.Malformed("reply longer than " + maxLines + " lines");
            }
        }
    }

    private static boolean digit(byte b, char lowest, char highest) {
        return b >= lowest && b <= highest;
    }

    /** Splits off a common enhanced status, cleans the text, and builds the reply. */
    static SmtpReply build(ReplyCode code, List<String> texts) {
        Optional<EnhancedStatus> status = commonStatus(code, texts);
        int prefix = 4 + status.map(s -> s.toString().length() + 1).orElse(0);
        List<String> lines = new ArrayList<>(texts.size());
        for (String text : texts) {
            String t = status.isPresent() ? text.substring(text.indexOf(' ') + 1) : text;
            lines.add(clean(t, SmtpReply.MAX_LINE - prefix - 2));
        }
        return new SmtpReply(code, status, lines);
    }

    private static Optional<EnhancedStatus> commonStatus(ReplyCode code, List<String> texts) {
        EnhancedStatus common = null;
        for (String text : texts) {
            int space = text.indexOf(' ');
            String token = space < 0 ? text : text.substring(0, space);
            if (token.isEmpty() || token.charAt(0) < '2' || token.charAt(0) > '5' || token.length() > 9) {
                return Optional.empty();
            }
            EnhancedStatus s;
            try {
                s = EnhancedStatus.parse(token);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (!s.agreesWith(code) || (common != null && !common.equals(s)) || space < 0) {
                return Optional.empty();
            }
            common = s;
        }
        return Optional.ofNullable(common);
    }

    /** Control characters become '?'; the text is cut to {@code maxOctets} of UTF-8. */
    private static String clean(String text, int maxOctets) {
        StringBuilder b = new StringBuilder(text.length());
        int octets = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
                cp = '?';
            }
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (octets + n > maxOctets) {
                break;
            }
            octets += n;
            b.appendCodePoint(cp);
        }
        return b.toString();
    }
}
