package org.postern.core.store;

import java.util.List;

/**
 * The COPYUID of RFC 4315 section 3 for a copy or a move (RFC 6851): the destination's
 * UIDVALIDITY and, pair by pair in ascending source order, each source UID with the UID its
 * copy got. Source UIDs that did not exist are absent.
 */
public record CopyResult(long destinationUidValidity, List<Long> sourceUids, List<Long> destinationUids) {
    public CopyResult {
        sourceUids = List.copyOf(sourceUids);
        destinationUids = List.copyOf(destinationUids);
        if (sourceUids.size() != destinationUids.size()) {
            throw new IllegalArgumentException("source and destination UID lists differ in length");
        }
    }
}
