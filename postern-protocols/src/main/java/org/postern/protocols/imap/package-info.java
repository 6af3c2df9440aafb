/**
 * IMAP4rev1 on the wire: parse and serialize only, no sockets, no store (style rule 1). The
 * session and its one-class-per-command handlers live in {@code postern-clientaccess}.
 *
 * <p>Implements: RFC 3501 (command grammar of section 9, literals, sequence sets, search keys,
 * fetch attributes and body sections, status and data responses, ENVELOPE and BODYSTRUCTURE,
 * modified UTF-7 mailbox names), RFC 7888 (LITERAL+), RFC 4959 (SASL-IR), RFC 4315 (UID
 * EXPUNGE), RFC 4731 (SEARCH RETURN), RFC 5161 (ENABLE), RFC 5258 and RFC 5819 (LIST-EXTENDED,
 * LIST-STATUS), RFC 2971 (ID), RFC 6851 (MOVE), RFC 7162 (CONDSTORE and QRESYNC parameters),
 * RFC 7889 (APPENDLIMIT, TOOBIG), RFC 4978 (COMPRESS).
 *
 * <p>Entry points: {@link org.postern.protocols.imap.ImapCommandReader} (framing: lines,
 * literals, continuation requests) over {@link org.postern.protocols.imap.ImapCommandParser}
 * (octets to {@link org.postern.protocols.imap.ImapRequest}), {@link
 * org.postern.protocols.imap.ImapCommand} (the command table), {@link
 * org.postern.protocols.imap.ImapCapabilities} (CAPABILITY from the table), {@link
 * org.postern.protocols.imap.ImapResponseWriter} (what the server says), {@link
 * org.postern.protocols.imap.MimeEntity} (BODY[section]), {@link
 * org.postern.protocols.imap.ImapLimits} (every bound).
 */
package org.postern.protocols.imap;
