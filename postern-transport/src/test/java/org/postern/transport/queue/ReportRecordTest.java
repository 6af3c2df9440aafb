package org.postern.transport.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivery status report and the states of the recipients it reports on are one REPORT
 * record: cut the journal at every byte of that record, as a {@code kill -9} can, and recovery
 * finds both or neither — never a report whose recipients are still open, which the repeated
 * delivery pass would report a second time. Journals of the earlier form (the report as a
 * MESSAGE, the states in a later STATE) still replay.
 */
class ReportRecordTest {

    private static final String FAILED = "550 5.1.1 <a@example.org>: Recipient address rejected";

    @TempDir
    Path dir;

    @Test
    void everyCutOfAReportRecordLeavesTheReportAndItsStatesTogether() throws IOException, InterruptedException {
        Path original = dir.resolve("original");
        QueueId reported;
        QueueId report;
        long recordStart;
        long recordEnd;
        try (JournalQueue q = JournalQueue.open(original, QueueSettings.DEFAULT.withPreallocate(false))) {
            reported = q.enqueue(TestEnvelopes.simple("a@example.org", "b@example.org"),
                    MessageContent.of(TestEnvelopes.content(20, 700))).id();
            QueuedMessage taken = q.takeDue(java.time.Duration.ofSeconds(5)).orElseThrow();
            assertThat(taken.id()).isEqualTo(reported);
            RecipientState failed = taken.recipients().getFirst().withRoute("smtp:example.org").failed(FAILED);
            recordStart = Files.size(JournalFolders.lastSegment(original));
            report = q.enqueueReport(TestEnvelopes.nullSender("sender@example.net"), MessageContent.of(reportBody()),
                    reported, List.of(failed)).id();
            recordEnd = Files.size(JournalFolders.lastSegment(original));
            // in memory at once, before the pass records the rest of its changes
            assertThat(q.find(reported).orElseThrow().recipients().getFirst().status())
                    .isEqualTo(DeliveryStatus.FAILED);
            q.release(reported);
        }
        Files.deleteIfExists(original.resolve("lock"));
        assertThat(recordTypes(original)).containsExactly(JournalRecord.TYPE_SEGMENT, JournalRecord.TYPE_MESSAGE,
                JournalRecord.TYPE_REPORT);
        assertThat(recordEnd - recordStart).isGreaterThan(reportBody().length);

        int withBoth = 0;
        int withNeither = 0;
        for (long cut = recordStart; cut <= recordEnd; cut++) {
            Path copy = JournalFolders.copy(original, dir.resolve("cut-" + cut));
            try (FileChannel ch = FileChannel.open(JournalFolders.lastSegment(copy), StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            var recovered = JournalRecovery.recover(copy).messages();
            LiveMessage kept = recovered.get(reported);
            assertThat(kept).as("the reported message after a cut at %d", cut).isNotNull();
            DeliveryStatus first = kept.states().getFirst().status();
            assertThat(kept.states().get(1).status()).isEqualTo(DeliveryStatus.PENDING);
            if (recovered.containsKey(report)) {
                assertThat(first).as("the reported recipient when the report survived a cut at %d", cut)
                        .isEqualTo(DeliveryStatus.FAILED);
                assertThat(kept.states().getFirst().lastReply()).contains(FAILED);
                withBoth++;
            } else {
                assertThat(first).as("the reported recipient when the report was cut at %d", cut)
                        .isEqualTo(DeliveryStatus.PENDING);
                withNeither++;
            }
            try (var files = Files.walk(copy)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        assertThat(withBoth).isEqualTo(1);
        assertThat(withNeither).isEqualTo(recordEnd - recordStart);

        try (JournalQueue q = JournalQueue.open(original)) {
            assertThat(RoundTripTest.readAll(q, report)).isEqualTo(reportBody());
            assertThat(q.find(report).orElseThrow().envelope()).isEqualTo(TestEnvelopes.nullSender("sender@example.net"));
            assertThat(q.find(reported).orElseThrow().recipients()).extracting(RecipientState::status)
                    .containsExactly(DeliveryStatus.FAILED, DeliveryStatus.PENDING);
        }
    }

    @Test
    void aReportThatSettlesTheLastOpenRecipientEndsTheMessageAtRecovery() throws IOException, InterruptedException {
        Path queue = dir.resolve("last");
        QueueId reported;
        QueueId report;
        try (JournalQueue q = JournalQueue.open(queue)) {
            reported = q.enqueue(TestEnvelopes.simple("a@example.org"), MessageContent.of(new byte[100])).id();
            RecipientState failed = q.takeDue(java.time.Duration.ofSeconds(5)).orElseThrow().recipients().getFirst()
                    .failed(FAILED);
            report = q.enqueueReport(TestEnvelopes.nullSender("sender@example.net"), MessageContent.of(reportBody()),
                    reported, List.of(failed)).id();
            // the crash comes before the pass's own update (its DONE)
        }
        try (JournalQueue q = JournalQueue.open(queue)) {
            assertThat(q.list()).extracting(QueuedMessage::id).containsExactly(report);
        }
    }

    @Test
    void aReportOnAMessageNoLongerQueuedIsQueuedAlone() throws IOException, InterruptedException {
        Path queue = dir.resolve("gone");
        QueueId report;
        try (JournalQueue q = JournalQueue.open(queue)) {
            QueuedMessage gone = q.enqueue(TestEnvelopes.simple("a@example.org"), MessageContent.of(new byte[10]));
            assertThat(q.remove(gone.id())).isTrue();
            report = q.enqueueReport(TestEnvelopes.nullSender("sender@example.net"), MessageContent.of(reportBody()),
                    gone.id(), List.of(gone.recipients().getFirst().failed(FAILED))).id();
            assertThat(q.find(gone.id())).isEmpty();
        }
        try (JournalQueue q = JournalQueue.open(queue)) {
            assertThat(q.list()).extracting(QueuedMessage::id).containsExactly(report);
        }
    }

    @Test
    void theEarlierFormStillReplays() throws IOException, InterruptedException {
        // the form every journal before REPORT holds: the report a MESSAGE, the states a STATE after it
        Path queue = dir.resolve("earlier");
        QueueId reported;
        QueueId report;
        try (JournalQueue q = JournalQueue.open(queue)) {
            reported = q.enqueue(TestEnvelopes.simple("a@example.org", "b@example.org"),
                    MessageContent.of(new byte[50])).id();
            RecipientState failed = q.takeDue(java.time.Duration.ofSeconds(5)).orElseThrow().recipients().getFirst()
                    .failed(FAILED);
            report = q.enqueue(TestEnvelopes.nullSender("sender@example.net"), MessageContent.of(reportBody())).id();
            q.update(reported, List.of(failed));
        }
        Files.deleteIfExists(queue.resolve("lock"));
        assertThat(recordTypes(queue)).containsExactly(JournalRecord.TYPE_SEGMENT, JournalRecord.TYPE_MESSAGE,
                JournalRecord.TYPE_MESSAGE, JournalRecord.TYPE_STATE);
        try (JournalQueue q = JournalQueue.open(queue)) {
            assertThat(q.list()).extracting(QueuedMessage::id).containsExactly(reported, report);
            assertThat(q.find(reported).orElseThrow().recipients()).extracting(RecipientState::status)
                    .containsExactly(DeliveryStatus.FAILED, DeliveryStatus.PENDING);
            assertThat(RoundTripTest.readAll(q, report)).isEqualTo(reportBody());
        }
    }

    @Test
    void aCompactionCopyOfAReportIsAPlainMessageAndTheStatesStay() throws IOException, InterruptedException {
        Path queue = dir.resolve("compacted");
        QueueId reported;
        QueueId report;
        QueueSettings small = QueueSettings.DEFAULT.withSegmentBytes(4096).withPreallocate(false);
        try (JournalQueue q = JournalQueue.open(queue, small)) {
            reported = q.enqueue(TestEnvelopes.simple("a@example.org", "b@example.org"),
                    MessageContent.of(new byte[50])).id();
            RecipientState failed = q.takeDue(java.time.Duration.ofSeconds(5)).orElseThrow().recipients().getFirst()
                    .failed(FAILED);
            report = q.enqueueReport(TestEnvelopes.nullSender("sender@example.net"), MessageContent.of(reportBody()),
                    reported, List.of(failed)).id();
            q.release(reported);
            // fill segments with messages that leave again, so the first segments get compacted and deleted
            for (int i = 0; i < 40; i++) {
                QueuedMessage filler = q.enqueue(TestEnvelopes.simple("f@example.org"), MessageContent.of(new byte[900]));
                q.update(filler.id(), List.of(filler.recipients().getFirst().delivered("250 ok")));
            }
            q.maintainNow();
            assertThat(SegmentFiles.list(queue).getFirst()).isGreaterThan(1L);
        }
        Files.deleteIfExists(queue.resolve("lock"));
        assertThat(recordTypes(queue)).doesNotContain(JournalRecord.TYPE_REPORT);
        try (JournalQueue q = JournalQueue.open(queue, small)) {
            assertThat(q.list()).extracting(QueuedMessage::id).containsExactly(reported, report);
            assertThat(q.find(reported).orElseThrow().recipients()).extracting(RecipientState::status)
                    .containsExactly(DeliveryStatus.FAILED, DeliveryStatus.PENDING);
            assertThat(RoundTripTest.readAll(q, report)).isEqualTo(reportBody());
        }
    }

    private static byte[] reportBody() {
        return ("From: Mail Delivery System <MAILER-DAEMON@hub.example.net>\r\nTo: sender@example.net\r\n"
                + "Subject: Delivery Status Notification (Failure)\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n\r\n"
                + "Final-Recipient: rfc822; a@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n--b--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static List<Byte> recordTypes(Path queue) throws IOException {
        List<Byte> types = new ArrayList<>();
        for (long n : SegmentFiles.list(queue)) {
            try (SegmentScanner s = new SegmentScanner(n, SegmentFiles.path(queue, n))) {
                Optional<JournalRecord> r;
                while ((r = s.next()).isPresent()) {
                    types.add(r.get().type());
                }
            }
        }
        return types;
    }
}
