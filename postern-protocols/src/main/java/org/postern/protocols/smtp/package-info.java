/**
 * SMTP and LMTP on the wire: parse and serialize only, no sockets, no store (style rule 1).
 * The session and its handlers live in {@code postern-transport} and build on this package.
 *
 * <p>Implements: RFC 5321 (commands, paths, replies, DATA and dot-stuffing, limits),
 * RFC 2033 (LMTP, LHLO), RFC 1870 (SIZE), RFC 2034 and RFC 3463 (enhanced status codes),
 * RFC 2920 (PIPELINING: which commands end a group), RFC 3030 (CHUNKING, BDAT, BINARYMIME),
 * RFC 3207 (STARTTLS), RFC 3461 (DSN parameters, xtext), RFC 4954 (AUTH and AUTH=),
 * RFC 6152 (8BITMIME), RFC 6531 (SMTPUTF8).
 *
 * <p>Entry points: {@link org.postern.protocols.smtp.SmtpCommandParser} (line to
 * {@link org.postern.protocols.smtp.SmtpCommand} or
 * {@link org.postern.protocols.smtp.CommandSyntaxError}), {@link org.postern.protocols.smtp.SmtpVerb}
 * (the command table the dispatcher enforces), {@link org.postern.protocols.smtp.DataReader} and
 * {@link org.postern.protocols.smtp.BdatChunkReader} (message bodies),
 * {@link org.postern.protocols.smtp.SmtpReplies} and {@link org.postern.protocols.smtp.EhloCapabilities}
 * (what the server says), {@link org.postern.protocols.smtp.SmtpLimits} (every bound).
 */
package org.postern.protocols.smtp;
