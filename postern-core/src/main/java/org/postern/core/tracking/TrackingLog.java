package org.postern.core.tracking;

import java.util.List;

/**
 * The message tracking log: every transport and mailbox step of every message, searchable by
 * an administrator (Exchange 2007's Get-MessageTrackingLog). Many threads may record at once.
 * Recording need not wait for the disk: an event is durable shortly after {@code record}
 * returns (a crash may lose the events of its last moments, as a log file's unflushed tail,
 * never a message), and a search sees every event recorded before it in this process.
 */
public interface TrackingLog {

    void record(TrackingEvent event);

    List<TrackingEvent> search(TrackingQuery query);
}
