package org.postern.core.store;

import java.util.List;

/**
 * The outcome of a flag change (RFC 3501 section 6.4.6 with RFC 7162 section 3.1.3):
 * the messages whose flags now are as listed (with their new mod-sequence when changed),
 * and the UIDs refused because they changed after UNCHANGEDSINCE (the MODIFIED response
 * code). UIDs that do not exist are in neither list.
 */
public record StoreFlagsResult(List<MessageFlags> updated, List<Long> modified) {
    public StoreFlagsResult {
        updated = List.copyOf(updated);
        modified = List.copyOf(modified);
    }
}
