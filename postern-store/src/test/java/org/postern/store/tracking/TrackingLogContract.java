package org.postern.store.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingEventType;
import org.postern.core.tracking.TrackingLog;
import org.postern.core.tracking.TrackingQuery;
import org.postern.sql.Database;

/** What every {@link TrackingLog} must do; one subclass per database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TrackingLogContract {

    Path folder;
    Database db;
    TrackingLog log;

    abstract Database openDatabase(Path folder);

    @BeforeAll
    void open() throws IOException {
        folder = Files.createTempDirectory("postern-tracking-test-");
        db = openDatabase(folder);
        log = SqlTrackingLog.open(db);
    }

    @AfterAll
    void close() throws IOException {
        db.close();
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static TrackingEvent event(Instant time, TrackingEventType type, String messageId, String sender, String... recipients) {
        return new TrackingEvent(time, type, messageId, Optional.of("Q" + time.toEpochMilli()), sender, List.of(recipients),
                "SMTP 192.0.2.1", "mailbox", "250 2.0.0 ok");
    }

    @Test
    void recordsEveryFieldAndSearchesByEachCriterion() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String alice = "Alice." + tag + "@example.org";
        String bob = "bob." + tag + "@example.net";
        String carol = "carol." + tag + "@example.com";
        String id1 = "<" + tag + ".1@example.org>";
        String id2 = "<" + tag + ".2@example.org>";
        Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
        TrackingEvent receive = event(t0, TrackingEventType.RECEIVE, id1, alice, bob, carol);
        TrackingEvent deliver = event(t0.plusSeconds(1), TrackingEventType.DELIVER, id1, alice, bob);
        TrackingEvent fail = event(t0.plusSeconds(2), TrackingEventType.FAIL, id1, alice, carol);
        TrackingEvent other = new TrackingEvent(t0.plusSeconds(3), TrackingEventType.SUBMIT, id2, Optional.empty(), bob,
                List.of(alice), "mailbox", "hub", "");
        for (TrackingEvent e : List.of(receive, deliver, fail, other)) {
            log.record(e);
        }

        assertThat(log.search(TrackingQuery.all().withMessageId(id1))).containsExactly(fail, deliver, receive);
        assertThat(log.search(TrackingQuery.all().withSender(alice.toUpperCase()))).containsExactly(fail, deliver, receive);
        assertThat(log.search(TrackingQuery.all().withRecipient(bob))).containsExactly(deliver, receive);
        assertThat(log.search(TrackingQuery.all().withRecipient(alice.toLowerCase()))).containsExactly(other);
        assertThat(log.search(TrackingQuery.all().withSender(alice).withRecipient(carol))).containsExactly(fail, receive);
        assertThat(log.search(TrackingQuery.all().withSender(alice).withSince(t0.plusSeconds(1)))).containsExactly(fail, deliver);
        assertThat(log.search(TrackingQuery.all().withMessageId(id1).withLimit(1))).containsExactly(fail);
        assertThat(log.search(TrackingQuery.all().withMessageId("<nothing@example.org>"))).isEmpty();
        assertThat(log.search(TrackingQuery.all().withSince(t0))).contains(receive, deliver, fail, other);
    }
}
