package org.postern.transport.queue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Hub Transport's queue: every message between its acceptance (RFC 5321 section 4.1.1.4,
 * "the receiver MUST ... take responsibility for delivering") and the end of its last
 * recipient. Durable: a method that changes the queue returns only when the change is on disk,
 * so the SMTP session answers {@code 250} after {@link #enqueue(QueueId, Envelope, MessageContent)} returns (STYLE.md point 11),
 * and a crash at any moment loses nothing that was acknowledged.
 *
 * <p>The categorizer and delivery take due messages with {@link #takeDue}; a message is held
 * by one taker at a time until it calls {@link #update} or {@link #release}. The administrator's
 * {@code postern queue list|show|retry|remove} maps onto {@link #list}, {@link #find},
 * {@link #retryNow} and {@link #remove}.
 *
 * <p>All methods are safe to call from many threads. A method that writes throws
 * {@link IOException} when the disk refused; the queue then refuses every later write (the
 * session answers {@code 451 4.3.0}), because nothing may be acknowledged that is not stored.
 */
public interface TransportQueue extends AutoCloseable {

    /**
     * Queues a message with every envelope recipient PENDING, durably: when this returns, the
     * message survives a crash. Many threads may call it at once; their writes share one
     * fsync.
     */
    default QueuedMessage enqueue(Envelope envelope, MessageContent content) throws IOException {
        return enqueue(newId(), envelope, content);
    }

    /**
     * Allocates the id of a message before its content is fixed, so that the receiving side can
     * name it in the Received header's {@code id} clause (RFC 5321 section 4.4, as Postfix does)
     * and in its {@code 250 ... queued as} reply. Ids are unique and only grow, also across
     * restarts; an id allocated and never enqueued is simply not used (a gap in the order).
     */
    QueueId newId();

    /**
     * As {@link #enqueue(Envelope, MessageContent)}, under an id from {@link #newId()}. Each id
     * is enqueued at most once, within an hour of its allocation.
     *
     * @throws IllegalArgumentException when the id was not allocated by this queue, was already
     *     used, or expired
     */
    QueuedMessage enqueue(QueueId id, Envelope envelope, MessageContent content) throws IOException;

    /**
     * As {@link #enqueue(QueueId, Envelope, MessageContent)}, for a message whose Message-ID the
     * receiving side read already: the queue keeps it in memory for message tracking
     * ({@link QueuedMessage#messageId()}), so delivery need not read the content for it. It is
     * not written to the journal; after a restart delivery reads it from the content again.
     */
    default QueuedMessage enqueue(QueueId id, Envelope envelope, MessageContent content, String messageId)
            throws IOException {
        return enqueue(id, envelope, content);
    }

    /**
     * Queues a delivery status report (RFC 3464) on a queued message, and records the states
     * of the recipients it reports on, in one durable step: when this returns both survive a
     * crash, and a crash before leaves neither, so a repeated pass cannot queue the same report
     * twice. The reported message stays held by its taker; its other changes follow with
     * {@link #update} or {@link #updateLater} as usual.
     *
     * @param reported the message reported on (a message no longer queued takes no states)
     * @param settled  the states that mark its recipients as reported (failed, delivered, or
     *                 deferred with the delay notice sent)
     */
    QueuedMessage enqueueReport(Envelope envelope, MessageContent content, QueueId reported,
                                List<RecipientState> settled) throws IOException;

    /**
     * Records new recipient states durably. Each state replaces the one of the same address,
     * or adds a recipient (an expansion). When no recipient is PENDING or DEFERRED any more the
     * message is done and leaves the queue. Ends the hold of the taker, if any.
     *
     * <p>Each call waits for a group commit (about one fsync), so one thread alone makes at
     * most about a thousand updates a second; delivery should run its deliveries on many
     * threads, whose updates then share their commits as enqueues do.
     *
     * @return the message as it now is, or empty when it is done or was not queued
     */
    Optional<QueuedMessage> update(QueueId id, List<RecipientState> changes) throws IOException;

    /**
     * As {@link #update}, but returns once the states are applied in memory (the message is
     * released, and done if no recipient is open), without waiting for their commit: they are
     * durable with the next group commit, as early as with {@code update}. For the queue runner,
     * whose deliveries are durable in their destination already (the store's delivery key, the
     * peer's {@code 250}), so that a state lost in a crash costs a repeat that stores nothing
     * twice. A write the disk refuses makes the queue refuse every later write, as for
     * {@code update}.
     */
    default void updateLater(QueueId id, List<RecipientState> changes) throws IOException {
        update(id, changes);
    }

    /** The message with this id, if it is queued. */
    Optional<QueuedMessage> find(QueueId id);

    /** Every queued message, in arrival order. */
    List<QueuedMessage> list();

    /**
     * The content of a queued message, from its first byte; the caller closes the stream. It
     * stays readable after the message leaves the queue.
     *
     * @throws java.util.NoSuchElementException when the message is not queued
     */
    InputStream openContent(QueueId id) throws IOException;

    /**
     * Waits up to {@code maxWait} for a due message — one with a PENDING recipient, or a
     * DEFERRED one whose next attempt has come — and hands it to the caller, earliest due first.
     * Until the caller calls {@link #update} or {@link #release}, no other taker gets it. A hold
     * is not kept across a restart: every queued message is due again then, and the mailbox
     * store's delivery key (queue id and recipient) keeps a repeated delivery from doubling.
     *
     * @return the message, or empty when none came due in time
     */
    Optional<QueuedMessage> takeDue(Duration maxWait) throws InterruptedException;

    /** Hands a taken message back unchanged, so it can be taken again when due. */
    void release(QueueId id);

    /**
     * Makes every DEFERRED recipient of the message due now ({@code postern queue retry}).
     *
     * @return false when the message is not queued
     */
    boolean retryNow(QueueId id) throws IOException;

    /**
     * Takes the message out of the queue without delivering it ({@code postern queue remove}).
     *
     * @return false when the message is not queued
     */
    boolean remove(QueueId id) throws IOException;

    /** The number of queued messages. */
    int size();

    /** Finishes every write in progress and closes; opening the same folder again recovers everything. */
    @Override
    void close() throws IOException;
}
