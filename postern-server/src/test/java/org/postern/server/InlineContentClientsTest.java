package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.SpecialUse;
import org.postern.core.testing.ExternalTool;

/**
 * Both kinds of stored content end to end (docs/adr/0019-inline-content.md): Python's smtplib
 * sends a small message and one larger than the store's inline limit (128 KiB) to the hub of a
 * running {@code postern run}; Python's imaplib reads both back over IMAPS with FETCH
 * BODY.PEEK[]. Each arrives byte for byte past the headers the hub adds, IMAP serves exactly
 * the stored octets, and the small one lives in the database (no blob file) while the large one
 * is a blob file.
 */
class InlineContentClientsTest {

    static final String USER = "ann@example.test";
    static final String PASSWORD = "secret";

    @RegisterExtension
    static final OneUserServer MAIL = new OneUserServer(USER, PASSWORD);

    @TempDir
    static Path tmp;

    /** Sends every file given to the user by SMTP, then fetches the Inbox by IMAPS into OUTDIR/<n>.eml, in UID order. */
    static final String CLIENT = """
            import imaplib, smtplib, ssl, sys, time
            smtp_port, imaps_port, user, password, outdir = sys.argv[1:6]
            messages = sys.argv[6:]
            s = smtplib.SMTP('127.0.0.1', int(smtp_port), timeout=60)
            for path in messages:
                s.sendmail('someone@elsewhere.example', [user], open(path, 'rb').read())
            s.quit()
            ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
            i = imaplib.IMAP4_SSL('127.0.0.1', int(imaps_port), ssl_context=ctx, timeout=60)
            i.login(user, password)
            deadline = time.time() + 60
            while True:
                typ, data = i.select('INBOX', readonly=True)
                if typ == 'OK' and int(data[0]) >= len(messages):
                    break
                if time.time() > deadline:
                    sys.exit('the Inbox holds %s of %d messages' % (data, len(messages)))
                time.sleep(0.2)
            uids = i.uid('SEARCH', None, 'ALL')[1][0].split()
            for n, uid in enumerate(uids):
                typ, data = i.uid('FETCH', uid, '(BODY.PEEK[])')
                if typ != 'OK':
                    sys.exit('FETCH %s: %s %r' % (uid, typ, data))
                open('%s/%d.eml' % (outdir, n), 'wb').write(data[0][1])
            i.logout()
            """;

    static byte[] message(String subject, int bodyLines) {
        StringBuilder text = new StringBuilder("From: <someone@elsewhere.example>\r\nTo: <" + USER + ">\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject + "@elsewhere.example>\r\nDate: Sat, 28 Nov 2026 09:00:00 +0000\r\n\r\n");
        for (int i = 0; i < bodyLines; i++) {
            text.append(String.format("%05d ", i)).append("abcdefghijklmnopqrstuvwxyz0123456789".repeat(2)).append("\r\n");
        }
        return text.append(".. a line that began with a dot\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aSmallMessageStoredInlineAndALargeOneAsAFileAreReadBackByteForByte() throws Exception {
        byte[] small = message("small", 100);
        byte[] large = message("large", 4000);
        assertThat(small.length).isLessThan(128 * 1024);
        assertThat(large.length).isGreaterThan(128 * 1024);
        Path smallFile = Files.write(tmp.resolve("small.eml"), small);
        Path largeFile = Files.write(tmp.resolve("large.eml"), large);
        Path out = Files.createDirectories(tmp.resolve("fetched"));
        var r = ExternalTool.run(List.of("python3", "-c", CLIENT, Integer.toString(25 + MAIL.offset()),
                Integer.toString(993 + MAIL.offset()), USER, PASSWORD, out.toString(), smallFile.toString(), largeFile.toString()),
                Duration.ofSeconds(120));
        assertThat(r.exit()).as("%s", r).isZero();

        List<MessageMetadata> stored = TestMailboxes.messages(MAIL.data(), USER, SpecialUse.INBOX);
        assertThat(stored).extracting(m -> m.envelope().subject()).containsExactly("small", "large");
        byte[][] sent = {small, large};
        for (int n = 0; n < 2; n++) {
            byte[] fetched = Files.readAllBytes(out.resolve(n + ".eml"));
            String text = new String(fetched, StandardCharsets.US_ASCII);
            assertThat(text).as("message %d", n).startsWith("Return-Path: <someone@elsewhere.example>")
                    .endsWith(new String(sent[n], StandardCharsets.US_ASCII));
            MessageMetadata m = stored.get(n);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fetched)))
                    .as("IMAP serves the stored octets").isEqualTo(m.contentHash());
            assertThat((long) fetched.length).isEqualTo(m.size());
            assertThat(TestMailboxes.content(MAIL.data(), USER, m.uid())).isEqualTo(fetched);
        }
        assertThat(blobFile(stored.get(0).contentHash())).as("the small content lives in the database").doesNotExist();
        assertThat(blobFile(stored.get(1).contentHash())).as("the large content is a blob file").exists();
    }

    static Path blobFile(String hash) {
        return MAIL.data().resolve("blobs").resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);
    }
}
