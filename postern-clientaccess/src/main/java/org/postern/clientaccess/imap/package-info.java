/**
 * IMAP4rev1 of the Client Access role (RFC 3501) with IDLE (RFC 2177), UIDPLUS (RFC 4315),
 * MOVE (RFC 6851), NAMESPACE (RFC 2342), ID (RFC 2971), ENABLE (RFC 5161), SPECIAL-USE (RFC
 * 6154), LITERAL+ (RFC 7888), SASL-IR (RFC 4959), CHILDREN (RFC 3348), UNSELECT (RFC 3691),
 * CONDSTORE and QRESYNC (RFC 7162), ESEARCH (RFC 4731), LIST-EXTENDED and LIST-STATUS (RFC 5258,
 * RFC 5819), APPENDLIMIT (RFC 7889), UTF8=ACCEPT (RFC 6855), COMPRESS=DEFLATE (RFC 4978), SORT and THREAD (RFC 5256), QUOTA (RFC 9208, the STORAGE resource); response codes of RFC 5530.
 *
 * <p>{@link org.postern.clientaccess.AccessService} listens (143 with STARTTLS, 993 with
 * TLS) for {@link org.postern.clientaccess.imap.ImapSessions}; {@link org.postern.clientaccess.imap.ImapSession} runs one session over any stream
 * pair: its dispatcher enforces the command table of {@code org.postern.protocols.imap}; one
 * handler class per command; the state is a sealed interface of records. See
 * docs/adr/0008-imap.md.
 */
package org.postern.clientaccess.imap;
