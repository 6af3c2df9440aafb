package org.postern.store.autoreply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.sql.Database;

/** {@link SqlAutoReplies} on each database: the text per user, one reply per sender per period. */
abstract class AutoRepliesContract {

    private static final EmailAddress ALICE = EmailAddress.parse("alice@example.test");
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");

    @TempDir
    Path folder;
    Database db;
    SqlAutoReplies replies;

    abstract Database openDatabase(Path folder);

    @BeforeEach
    void open() {
        db = openDatabase(folder);
        replies = SqlAutoReplies.open(db);
        replies.clear(ALICE);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theTextIsKeptUntilTurnedOff() {
        assertThat(replies.text(ALICE)).isEmpty();
        replies.set(ALICE, "Away.");
        replies.set(ALICE, "Away until Monday.");
        assertThat(replies.text(ALICE)).contains("Away until Monday.");
        replies.clear(ALICE);
        assertThat(replies.text(ALICE)).isEmpty();
    }

    @Test
    void aSenderIsAnsweredOncePerPeriodWhateverTheCase() {
        replies.set(ALICE, "Away.");
        assertThat(replies.claim(ALICE, "bob@example.test", T0, WEEK)).isTrue();
        assertThat(replies.claim(ALICE, "Bob@Example.test", T0.plus(Duration.ofDays(6)), WEEK)).isFalse();
        assertThat(replies.claim(ALICE, "carol@example.test", T0.plusSeconds(1), WEEK)).isTrue();
        assertThat(replies.claim(ALICE, "bob@example.test", T0.plus(WEEK), WEEK)).isTrue();
    }

    @Test
    void aReleasedClaimOrANewTextAnswersAgain() {
        replies.set(ALICE, "Away.");
        assertThat(replies.claim(ALICE, "bob@example.test", T0, WEEK)).isTrue();
        replies.release(ALICE, "bob@example.test");
        assertThat(replies.claim(ALICE, "bob@example.test", T0.plusSeconds(1), WEEK)).isTrue();
        replies.set(ALICE, "Away again.");
        assertThat(replies.claim(ALICE, "bob@example.test", T0.plusSeconds(2), WEEK)).isTrue();
    }
}
