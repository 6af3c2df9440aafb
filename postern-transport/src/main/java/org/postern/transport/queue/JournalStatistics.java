package org.postern.transport.queue;

/**
 * Counters of the journal since it was opened, for metrics and for the tests that prove group
 * commit: {@code forces} much smaller than {@code records} means writers shared their fsyncs.
 *
 * @param records  records written (MESSAGE, STATE, DONE and segment headers)
 * @param batches  group commits
 * @param forces   {@code FileChannel.force} calls on segment files
 * @param bytes    bytes written
 * @param segments segment files in the folder now
 */
public record JournalStatistics(long records, long batches, long forces, long bytes, int segments) {
}
