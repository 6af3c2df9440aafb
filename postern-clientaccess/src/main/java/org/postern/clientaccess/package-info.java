/**
 * The Client Access role's mail access protocols. What IMAP4 ({@code imap}) and POP3
 * ({@code pop3}) share is here: {@link org.postern.clientaccess.AccessService} listens on a
 * protocol's plain-text port (TLS started by the protocol's command) and its implicit-TLS port,
 * and reports the protocol's reference row; each protocol gives its
 * {@link org.postern.clientaccess.AccessProtocol} and its
 * {@link org.postern.clientaccess.AccessSessions}.
 */
package org.postern.clientaccess;
