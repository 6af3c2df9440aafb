/**
 * The Hub Transport's durable queue (issue 3, "The queue"; ADR 0005): every message between
 * its acceptance — the {@code 250} of RFC 5321 section 4.1.1.4, given only after
 * {@link org.postern.transport.queue.TransportQueue#enqueue} returned — and the end of its
 * last recipient.
 *
 * <p>The API: {@link org.postern.transport.queue.TransportQueue} (implemented by
 * {@link org.postern.transport.queue.JournalQueue}), the accepted
 * {@link org.postern.transport.queue.Envelope} with its
 * {@link org.postern.transport.queue.EnvelopeRecipient}s and
 * {@link org.postern.transport.queue.Origin}, the
 * {@link org.postern.transport.queue.MessageContent}, each recipient's
 * {@link org.postern.transport.queue.RecipientState}, the
 * {@link org.postern.transport.queue.QueueId}, and the
 * {@link org.postern.transport.queue.RetryPolicy} delivery consults.
 *
 * <p>The journal behind it: {@code JournalRecord} (the format),
 * {@code JournalWriter} (group commit), {@code JournalRecovery} and {@code SegmentScanner}
 * (reading back, stopping at a torn tail), {@code SegmentTable} and {@code SegmentFiles}
 * (which segments may go, the spare).
 */
package org.postern.transport.queue;
