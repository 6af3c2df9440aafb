/**
 * POP3 of the Client Access role: {@link org.postern.clientaccess.pop3.Pop3Sessions} (served by
 * {@link org.postern.clientaccess.AccessService} on ports 110 with STLS and 995 with implicit TLS), {@link org.postern.clientaccess.pop3.Pop3Session} (the
 * dispatcher and its exception ladder), one handler per command, and the maildrop (a snapshot of
 * the owner's Inbox, locked per session). The wire format is in
 * {@code org.postern.protocols.pop3}.
 *
 * <p>Implements: RFC 1939, RFC 2449 (CAPA, RESP-CODES, PIPELINING), RFC 2595 section 4 (STLS),
 * RFC 3206, RFC 5034 (SASL), RFC 8314 (implicit TLS on 995).
 */
package org.postern.clientaccess.pop3;
