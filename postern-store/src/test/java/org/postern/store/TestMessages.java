package org.postern.store;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.postern.core.store.AppendRequest;

/** Messages for the store tests, with CRLF line ends as they arrive over SMTP. */
final class TestMessages {
    private TestMessages() {
    }

    static byte[] simple(String subject, String body) {
        return crlf("From: Alice <alice@example.org>\n"
                + "To: bob@example.net\n"
                + "Subject: " + subject + "\n"
                + "Date: Mon, 2 Mar 2026 10:00:00 +0100\n"
                + "Message-ID: <" + Integer.toHexString(subject.hashCode()) + "@example.org>\n"
                + "\n"
                + body + "\n");
    }

    /** A message of about {@code size} octets of random printable text, different for each seed. */
    static byte[] random(long seed, int size) {
        Random random = new Random(seed);
        StringBuilder body = new StringBuilder();
        while (body.length() < size) {
            for (int i = 0; i < 76 && body.length() < size; i++) {
                body.append((char) ('!' + random.nextInt(90)));
            }
            body.append('\n');
        }
        return simple("random " + seed, body.toString());
    }

    static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static AppendRequest request(byte[] bytes) {
        return AppendRequest.of(new ByteArrayInputStream(bytes));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A multipart/mixed message with text, a forwarded message/rfc822 (itself multipart), a PDF and two malformed parts. */
    static final String MULTIPART = """
            From: "Alice Example" <alice@example.org>
            To: bob@example.net, Team: carol@example.com, dave@example.com;
            Cc: =?UTF-8?Q?Ren=C3=A9?= <rene@example.com>
            Subject: =?UTF-8?Q?Quarterly_r=C3=A9port?=
            Date: Mon, 2 Mar 2026 10:00:00 +0100
            Message-ID: <outer@example.org>
            In-Reply-To: <prev@example.org>
            References: <root@example.org>
             <prev@example.org>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            preamble
            --outer
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Hello Bob,=0D
            two lines.
            --outer
            Content-Type: message/rfc822
            Content-Description: forwarded
            Content-Disposition: attachment; filename="fwd.eml"

            From: carol@example.com
            To: alice@example.org
            Subject: inner
            Message-ID: <inner@example.com>
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/plain

            inner text
            --inner
            Content-Type: text/html; charset=us-ascii
            Content-Language: en, fr
            Content-ID: <html@x>
            Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==

            <p>inner</p>
            --inner--
            --outer
            Content-Type: application/pdf; name="report.pdf"
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename="report.pdf"
            Content-Location: http://example.org/report.pdf

            JVBERi0xLjQK
            --outer
            Content-Type: multipart/mixed
            Content-Transfer-Encoding: 8bit

            a multipart without a boundary
            --outer
            Content-Type: text/plain; charset="unterminated
            Content-Transfer-Encoding: base64

            !!! not base64 !!!
            --outer--
            """;
}
