package org.postern.core.store;

import java.util.List;

/**
 * What changed in a folder after a mod-sequence: messages added or whose flags changed, with
 * their current flags (RFC 7162 section 3.1.4.1, CHANGEDSINCE), and UIDs expunged (section
 * 3.2.10, VANISHED (EARLIER)). {@code highestModSeq} is the folder's value at the time of the
 * answer; asking again from it returns only later changes.
 */
public record Changes(long highestModSeq, List<MessageFlags> changed, List<Long> expunged) {
    public Changes {
        changed = List.copyOf(changed);
        expunged = List.copyOf(expunged);
    }
}
