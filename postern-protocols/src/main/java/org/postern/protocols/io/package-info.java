/**
 * Stream pieces shared by the line-based protocols (SMTP/LMTP, IMAP, POP3): the buffered
 * {@link org.postern.protocols.io.CrlfLineReader} with bounded lines, strict CRLF, raw access for
 * bodies and literals, and the discard of pipelined plain text after STARTTLS/STLS
 * (RFC 3207 section 4.2, RFC 2595 section 3.1).
 */
package org.postern.protocols.io;
