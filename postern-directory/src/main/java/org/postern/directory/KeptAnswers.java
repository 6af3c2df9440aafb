package org.postern.directory;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.postern.sql.ChangeCounter;

/**
 * Answers to the directory's frequent questions (is this domain accepted, what does this
 * address name, whose address is this), kept while nothing is committed to the directory's
 * database. Every question first reads the database's {@link ChangeCounter}; answers read
 * under another value are dropped, so an answer is never older than the last commit before
 * the question, whichever process made it (the {@code postern} command line included). Each
 * answer is kept under the value read before it was asked, so one read while a commit lands
 * is dropped with the next change, never kept past it. On a database without a change counter
 * (PostgreSQL) nothing is kept.
 */
final class KeptAnswers {

    /** More answers than this are dropped at once (a directory's hot set is far smaller). */
    private static final int MAX_ANSWERS = 10_000;

    /** What kind of question an answer answers. */
    enum Question { ACCEPTED_DOMAIN, ACCEPTED_DOMAINS, RECIPIENT, USER }

    private record Key(Question question, String subject) {
    }

    private record Generation(long changeCount, ConcurrentHashMap<Key, Object> answers) {
    }

    private final Optional<ChangeCounter> counter;
    private volatile Generation current = new Generation(Long.MIN_VALUE, new ConcurrentHashMap<>());

    KeptAnswers(Optional<ChangeCounter> counter) {
        this.counter = counter;
    }

    /** The kept answer to the question, or the one {@code read} gives now (never null). */
    @SuppressWarnings("unchecked")
    <T> T answer(Question question, String subject, Supplier<T> read) {
        if (counter.isEmpty()) {
            return read.get();
        }
        long changeCount = counter.get().value();
        Generation generation = current;
        if (generation.changeCount() != changeCount || generation.answers().size() >= MAX_ANSWERS) {
            generation = new Generation(changeCount, new ConcurrentHashMap<>());
            current = generation;
        }
        Key key = new Key(question, subject);
        Object kept = generation.answers().get(key);
        if (kept != null) {
            return (T) kept;
        }
        T answer = read.get();
        generation.answers().put(key, answer);
        return answer;
    }
}
