package org.postern.transport.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Directory;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.StorageQuota;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.Mailbox;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.RcptParameters;
import org.postern.protocols.smtp.ReversePath;
import org.postern.protocols.smtp.SmtpReplies;
import org.postern.protocols.smtp.SmtpReply;
import org.postern.transport.delivery.InboxAppend;
import org.postern.transport.queue.MessageContent;

/** The pure parts: the Received field, the header scan, the spool, the policy chain's rules. */
class PartsTest {

    @TempDir
    Path tmp;

    private static final ZonedDateTime DATE = ZonedDateTime.of(2026, 11, 28, 1, 2, 3, 0, ZoneOffset.UTC);

    @Test
    void receivedFieldFollowsRfc5321AndNamesTlsAndTheUser() throws Exception {
        String r = ReceivedHeader.format("laptop.example", Optional.of("host.example.net"),
                InetAddress.getByName("192.0.2.7"), "mx.example.org", ReceivedHeader.withKeyword(true, false, true, true),
                Optional.of("TLSv1.3"), Optional.of("TLS_AES_256_GCM_SHA384"), Optional.of("alice@example.org"), "0NQ3K8V4C0001",
                Optional.of("bob@example.org"), DATE);
        assertThat(r).isEqualTo("Received: from laptop.example (host.example.net [192.0.2.7])\r\n"
                + "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)\r\n"
                + "\t(authenticated sender alice@example.org)\r\n"
                + "\tby mx.example.org (Postern) with ESMTPSA id 0NQ3K8V4C0001\r\n"
                + "\tfor <bob@example.org>; Sat, 28 Nov 2026 01:02:03 +0000\r\n");
        String v6 = ReceivedHeader.format("evil(;)<x>", Optional.empty(), InetAddress.getByName("2001:db8::7"), "mx",
                ReceivedHeader.withKeyword(false, false, false, false), Optional.empty(), Optional.empty(), Optional.empty(),
                "0NQ3K8V4C0002", Optional.empty(), DATE);
        assertThat(v6).isEqualTo("Received: from evil____x_ (unknown [IPv6:2001:db8:0:0:0:0:0:7])\r\n"
                + "\tby mx (Postern) with SMTP id 0NQ3K8V4C0002; Sat, 28 Nov 2026 01:02:03 +0000\r\n");
    }

    @Test
    void withKeywordsAreRfc3848AndRfc6531() {
        assertThat(ReceivedHeader.withKeyword(true, false, false, false)).isEqualTo("ESMTP");
        assertThat(ReceivedHeader.withKeyword(true, false, true, false)).isEqualTo("ESMTPS");
        assertThat(ReceivedHeader.withKeyword(true, false, false, true)).isEqualTo("ESMTPA");
        assertThat(ReceivedHeader.withKeyword(true, true, true, true)).isEqualTo("UTF8SMTPSA");
        assertThat(ReceivedHeader.withKeyword(false, false, true, true)).isEqualTo("SMTP");
    }

    @Test
    void headerScanFindsMessageIdDateAndReceivedOnlyInTheHeaderSection() throws IOException {
        String msg = "Received: from a\r\n\tby b; date\r\nRECEIVED: x\r\nmessage-id:\r\n <abc@x>\r\nSubject: s\r\n"
                + "\r\nDate: not a header\r\nReceived: nor this\r\n";
        HeaderScan scan = HeaderScan.of(stream(msg), 1 << 20);
        assertThat(scan.messageId()).contains("<abc@x>");
        assertThat(scan.hasDate()).isFalse();
        assertThat(scan.receivedCount()).isEqualTo(2);
        assertThat(HeaderScan.of(stream("\r\nMessage-ID: <body@x>\r\n"), 100).messageId()).isEmpty();
        assertThat(HeaderScan.of(stream("Date: Mon\r\nMessage-Id: <a@b>"), 100))
                .isEqualTo(new HeaderScan(Optional.of("<a@b>"), true, 0));
        assertThat(HeaderScan.of(stream("Message-ID:   \r\n"), 100).messageId()).isEmpty();
    }

    @Test
    void spoolKeepsSmallBodiesInMemoryAndLargeOnesInAFileItDeletes() throws IOException {
        byte[] prefix = "X-Added: 1\r\n".getBytes(StandardCharsets.US_ASCII);
        try (MessageSpool small = new MessageSpool(100, Optional.of(tmp))) {
            small.write("hello\r\n".getBytes(StandardCharsets.US_ASCII));
            MessageContent c = small.content(prefix);
            assertThat(small.isOnDisk()).isFalse();
            assertThat(c).isInstanceOf(MessageContent.Bytes.class);
            assertThat(read(c)).isEqualTo("X-Added: 1\r\nhello\r\n");
        }
        byte[] big = new byte[300];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        MessageSpool spool = new MessageSpool(100, Optional.of(tmp));
        spool.write(big, 0, 60);
        spool.write(big, 60, 240);
        assertThat(spool.isOnDisk()).isTrue();
        MessageContent c = spool.content(prefix);
        assertThat(c.size()).isEqualTo(prefix.length + 300);
        assertThat(read(c)).isEqualTo("X-Added: 1\r\n" + new String(big, StandardCharsets.US_ASCII));
        try (var files = Files.list(tmp)) {
            assertThat(files.toList()).hasSize(1);
        }
        spool.close();
        try (var files = Files.list(tmp)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void verdictsCarryRepliesOfTheirClass() {
        assertThatThrownBy(() -> Verdict.reject(SmtpReplies.LOCAL_ERROR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Verdict.tempFail(SmtpReplies.NO_SUCH_USER)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theChainTakesTheFirstOpinionRefusesUnvouchedRecipientsAndTurnsExceptionsInto451() throws Exception {
        PolicyCheck.Client anonymous = new PolicyCheck.Client(SmtpListenerKind.MX, InetAddress.getLoopbackAddress(),
                false, Optional.empty());
        PolicyCheck.RcptTo rcpt = new PolicyCheck.RcptTo(anonymous, ReversePath.NULL, new Mailbox("x", "example.org"),
                RcptParameters.NONE, 0);
        assertThat(new PolicyChain(List.of()).rcpt(rcpt)).isEqualTo(Verdict.reject(ReceiveReplies.RELAY_DENIED));
        assertThat(new PolicyChain(List.of()).mail(new PolicyCheck.MailFrom(anonymous, "h", ReversePath.NULL,
                MailParameters.NONE))).isEqualTo(Verdict.ACCEPT);
        PolicyCheck broken = new PolicyCheck() {
            @Override
            public Verdict onRcpt(RcptTo context) {
                throw new IllegalStateException("down");
            }
        };
        PolicyCheck yes = new PolicyCheck() {
            @Override
            public Verdict onRcpt(RcptTo context) {
                return Verdict.ACCEPT;
            }
        };
        assertThat(new PolicyChain(List.of(broken, yes)).rcpt(rcpt)).isEqualTo(Verdict.tempFail(SmtpReplies.LOCAL_ERROR));
        assertThat(new PolicyChain(List.of(new PolicyCheck() { }, yes)).rcpt(rcpt)).isEqualTo(Verdict.ACCEPT);
        // The recipient limit comes before everything else at RCPT.
        PolicyCheck.RcptTo full = new PolicyCheck.RcptTo(anonymous, ReversePath.NULL, ForwardPath.POSTMASTER,
                new RcptParameters(Set.of(), Optional.empty()), 5);
        assertThat(new PolicyChain(List.of(new Checks.RecipientLimit(5), yes)).rcpt(full))
                .isEqualTo(Verdict.tempFail(SmtpReplies.TOO_MANY_RECIPIENTS));
        SmtpReply hops = ((Verdict.Reject) new Checks.HopCount(3).onDataEnd(
                new PolicyCheck.DataEnd(anonymous, ReversePath.NULL, 1, 10, 3))).reply();
        assertThat(hops.toString()).startsWith("554 5.4.6");
    }

    /**
     * A full mailbox is refused at RCPT; a mailbox with room, or a store that cannot answer (a
     * PostgreSQL store down), leaves the decision to the checks after it, so the hub's queue still
     * takes the message for later delivery.
     */
    @Test
    void aFullMailboxIsRefusedAtRcptAndAStoreThatDoesNotAnswerHasNoOpinion() {
        EmailAddress alice = EmailAddress.parse("alice@example.org");
        Directory directory = only(Directory.class, "findUser",
                args -> args[0].equals(alice) ? Optional.of(new User(UUID.randomUUID(), alice, "Alice", alice.toString())) : Optional.empty());
        PolicyCheck.Client anonymous = new PolicyCheck.Client(SmtpListenerKind.MX, InetAddress.getLoopbackAddress(), false, Optional.empty());
        PolicyCheck.RcptTo toAlice = new PolicyCheck.RcptTo(anonymous, ReversePath.NULL, new Mailbox("alice", "example.org"),
                RcptParameters.NONE, 0);
        PolicyCheck.RcptTo toNobody = new PolicyCheck.RcptTo(anonymous, ReversePath.NULL, new Mailbox("nobody", "example.org"),
                RcptParameters.NONE, 0);

        MailboxStore full = only(MailboxStore.class, "storageQuota", args -> new StorageQuota(100, OptionalLong.of(100)));
        assertThat(new Checks.MailboxFull(directory, full).onRcpt(toAlice)).isEqualTo(Verdict.reject(InboxAppend.MAILBOX_FULL));
        assertThat(new Checks.MailboxFull(directory, full).onRcpt(toNobody)).isEqualTo(Verdict.NO_OPINION);
        MailboxStore room = only(MailboxStore.class, "storageQuota", args -> new StorageQuota(99, OptionalLong.of(100)));
        assertThat(new Checks.MailboxFull(directory, room).onRcpt(toAlice)).isEqualTo(Verdict.NO_OPINION);
        MailboxStore down = only(MailboxStore.class, "storageQuota", args -> {
            throw new StoreException(StoreError.TEMPORARY, "connection refused");
        });
        assertThat(new Checks.MailboxFull(directory, down).onRcpt(toAlice)).isEqualTo(Verdict.NO_OPINION);
    }

    /** An implementation of {@code type} that answers {@code method} only (a fixed rule of the test) and fails anything else. */
    private static <T> T only(Class<T> type, String method, java.util.function.Function<Object[], Object> answer) {
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.getName().equals(method)) {
                return answer.apply(args);
            }
            throw new UnsupportedOperationException(m.getName());
        }));
    }

    @Test
    void settingsRejectNonsense() {
        assertThatThrownBy(() -> SmtpReceiveSettings.DEFAULTS.withSpool(-1, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpReceiveSettings.DEFAULTS.withTimeouts(java.time.Duration.ZERO,
                java.time.Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        // the hub's three SMTP listeners; LMTP is the mailbox role's (LmtpReceiveService)
        assertThat(SmtpReceiveSettings.DEFAULTS.listeners()).containsExactlyInAnyOrder(SmtpListenerKind.MX,
                SmtpListenerKind.SUBMISSION, SmtpListenerKind.SUBMISSIONS);
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String read(MessageContent c) throws IOException {
        try (InputStream in = c.open()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
