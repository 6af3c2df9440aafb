package org.postern.transport.smtp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The trace fields the receive side prepends (RFC 5321 section 4.4, RFC 5322 section 3.6.7),
 * in the form Postfix and Exchange use, so that tools that read Received lines read ours:
 * <pre>
 * Received: from client.example (host.example [192.0.2.7])
 *         (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)
 *         (authenticated sender alice@example.org)
 *         by mx.example.org (Postern) with ESMTPSA id S1.1
 *         for &lt;bob@example.org&gt;; Sat, 28 Nov 2026 01:24:53 +0000
 * </pre>
 * The {@code with} keyword is RFC 3848's (ESMTP, ESMTPS, ESMTPA, ESMTPSA) or RFC 6531's
 * (UTF8SMTP…) for an SMTPUTF8 transaction; {@code for} is given only for a single recipient,
 * so one copy does not reveal the others. Also makes the Date and Message-ID a submission lacks
 * (RFC 6409 section 8).
 */
final class ReceivedHeader {

    /** RFC 5322 section 3.3 date-time, numeric zone. */
    static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private ReceivedHeader() {
    }

    /**
     * @param helo       the HELO/EHLO argument as sent
     * @param reverseDns the client's name from the DNS, if known
     * @param client     the client's address
     * @param withKeyword from {@link #withKeyword}
     */
    static String format(String helo, Optional<String> reverseDns, InetAddress client, String hostname,
                         String withKeyword, Optional<String> tlsProtocol, Optional<String> tlsCipher,
                         Optional<String> authenticatedUser, String id, Optional<String> singleRecipient,
                         ZonedDateTime date) {
        StringBuilder b = new StringBuilder(256);
        b.append("Received: from ").append(token(helo)).append(" (")
                .append(reverseDns.map(ReceivedHeader::token).orElse("unknown")).append(' ')
                .append(addressLiteral(client)).append(")\r\n");
        if (tlsProtocol.isPresent()) {
            b.append("\t(using ").append(token(tlsProtocol.get()));
            tlsCipher.ifPresent(c -> b.append(" with cipher ").append(token(c)));
            b.append(")\r\n");
        }
        authenticatedUser.ifPresent(u -> b.append("\t(authenticated sender ").append(token(u)).append(")\r\n"));
        b.append("\tby ").append(hostname).append(" (Postern) with ").append(withKeyword).append(" id ").append(id);
        if (singleRecipient.isPresent()) {
            b.append("\r\n\tfor <").append(token(singleRecipient.get())).append('>');
        }
        b.append("; ").append(RFC5322.format(date)).append("\r\n");
        return b.toString();
    }

    /** RFC 3848 / RFC 6531 protocol keyword of the {@code with} clause. */
    static String withKeyword(boolean extended, boolean utf8, boolean tls, boolean authenticated) {
        if (!extended) {
            return "SMTP";
        }
        return (utf8 ? "UTF8SMTP" : "ESMTP") + (tls ? "S" : "") + (authenticated ? "A" : "");
    }

    /** RFC 5321 section 4.1.3 address literal. */
    static String addressLiteral(InetAddress address) {
        return address instanceof Inet6Address ? "[IPv6:" + address.getHostAddress().replaceAll("%.*$", "") + "]"
                : "[" + address.getHostAddress() + "]";
    }

    /** RFC 5322 section 3.6.1 Date field, with CRLF. */
    static String dateField(ZonedDateTime date) {
        return "Date: " + RFC5322.format(date) + "\r\n";
    }

    /** Client text made safe inside a comment or clause: no parentheses, brackets, semicolons or controls. */
    static String token(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length() && i < 255; i++) {
            char c = text.charAt(i);
            b.append(c <= ' ' || c == 0x7f || c == '(' || c == ')' || c == ';' || c == '<' || c == '>' || c == '\\'
                    ? '_' : c);
        }
        return b.toString();
    }
}
