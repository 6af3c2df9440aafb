package org.postern.core.store;

import java.util.Set;

/**
 * A message's flags as of a mod-sequence: what FETCH FLAGS MODSEQ answers (RFC 7162
 * section 3.1.4) and what a change log entry carries.
 */
public record MessageFlags(long uid, long modSeq, Set<Flag> flags, Set<String> keywords) {
    public MessageFlags {
        flags = Set.copyOf(flags);
        keywords = Set.copyOf(keywords);
    }
}
