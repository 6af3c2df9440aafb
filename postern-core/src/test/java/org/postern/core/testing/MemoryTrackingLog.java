package org.postern.core.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingLog;
import org.postern.core.tracking.TrackingQuery;

/** A tracking log in memory, for tests that check which events a component records. */
public final class MemoryTrackingLog implements TrackingLog {

    /** Every event recorded, in order; safe to read while components record. */
    public final List<TrackingEvent> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void record(TrackingEvent event) {
        events.add(event);
    }

    @Override
    public List<TrackingEvent> search(TrackingQuery query) {
        return List.copyOf(events);
    }
}
