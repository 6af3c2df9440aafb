package org.postern.core.tracking;

import java.util.List;

/**
 * The message tracking log: every transport and mailbox step of every message, searchable by
 * an administrator (Exchange 2007's Get-MessageTrackingLog). Recording is durable when it
 * returns; many threads may record at once.
 */
public interface TrackingLog {

    void record(TrackingEvent event);

    List<TrackingEvent> search(TrackingQuery query);
}
