/**
 * POP3 on the wire: parse and serialize only, no sockets, no store (style rule 1). The session
 * and its handlers live in {@code postern-clientaccess} and build on this package.
 *
 * <p>Implements: RFC 1939 (commands, states, multi-line responses and dot-stuffing, TOP,
 * UIDL), RFC 2449 (CAPA, response codes, IN-USE and LOGIN-DELAY, PIPELINING), RFC 2595
 * section 4 (STLS), RFC 3206 (SYS/TEMP, SYS/PERM, AUTH response codes), RFC 5034 (SASL AUTH
 * with initial response; framing from {@link org.postern.protocols.sasl.SaslCodec}).
 *
 * <p>Entry points: {@link org.postern.protocols.pop3.Pop3CommandParser} (line to
 * {@link org.postern.protocols.pop3.Pop3Request} or an invalid result),
 * {@link org.postern.protocols.pop3.Pop3Command} (the command table the dispatcher enforces),
 * {@link org.postern.protocols.pop3.Pop3Capabilities} (CAPA from that table),
 * {@link org.postern.protocols.pop3.Pop3Responses},
 * {@link org.postern.protocols.pop3.MultiLineOutputStream} and
 * {@link org.postern.protocols.pop3.TopOutputStream} (what the server says),
 * {@link org.postern.protocols.pop3.Pop3Limits} (every bound).
 */
package org.postern.protocols.pop3;
