package org.postern.protocols.smtp;

/**
 * Every bound of the SMTP/LMTP wire layer and session, in one record (style rule 7), resolved
 * once per listener and passed to the parsers.
 *
 * @param maxCommandLine    longest command line without CRLF (default 2048: RFC 5321 section
 *                          4.5.3.1.4's 512 widened for ESMTP parameters, RFC 1869 section 4.1.2)
 * @param maxAuthLine       longest AUTH command or SASL response line (default 12288, RFC 4954 section 4)
 * @param maxParameters     most MAIL/RCPT parameters on one command (default 16)
 * @param maxPathLength     longest path with its brackets (default 256, RFC 5321 section 4.5.3.1.3)
 * @param maxMessageSize    largest message in octets (default 35 MiB, advertised with SIZE)
 * @param maxRecipients     most recipients per transaction (default 1000; RFC 5321 section
 *                          4.5.3.1.8 asks for at least 100)
 * @param maxErrors         protocol errors before {@code 421 4.7.0} (default 20)
 * @param maxJunkCommands   NOOP/RSET/VRFY/EXPN/HELP before {@code 421 4.7.0} (default 100)
 */
public record SmtpLimits(int maxCommandLine, int maxAuthLine, int maxParameters, int maxPathLength,
                         long maxMessageSize, int maxRecipients, int maxErrors, int maxJunkCommands) {

    public static final SmtpLimits DEFAULTS = new SmtpLimits(2048, 12288, 16, 256, 35L * 1024 * 1024, 1000, 20, 100);

    public SmtpLimits {
        if (maxCommandLine < 512) {
            throw new IllegalArgumentException("maxCommandLine below RFC 5321's 512");
        }
        if (maxAuthLine < maxCommandLine) {
            throw new IllegalArgumentException("maxAuthLine below maxCommandLine");
        }
        if (maxParameters < 1 || maxPathLength < 256 || maxMessageSize < 0 || maxRecipients < 1
                || maxErrors < 1 || maxJunkCommands < 1) {
            throw new IllegalArgumentException("limits out of range");
        }
    }

    /** The limit to give the line reader: the longest line any command may have. */
    public int maxLineLength() {
        return Math.max(maxCommandLine, maxAuthLine);
    }
}
