package org.postern.core.store;

import java.util.Set;
import java.util.TreeSet;

/**
 * Rules for keywords (RFC 3501 section 2.3.2, flag-keyword = atom): non-empty, at most
 * {@link #MAX_LENGTH} characters, printable ASCII without atom-specials and without the
 * backslash that starts system flags.
 */
public final class Keywords {
    public static final int MAX_LENGTH = 128;
    /** Most keywords one message may carry. */
    public static final int MAX_PER_MESSAGE = 64;

    private Keywords() {
    }

    /** Checks each keyword, throwing {@link StoreError#INVALID} for the first bad one; returns them sorted. */
    public static Set<String> validate(Set<String> keywords) {
        TreeSet<String> sorted = new TreeSet<>();
        for (String k : keywords) {
            if (!isValid(k)) {
                throw new StoreException(StoreError.INVALID, "bad keyword");
            }
            sorted.add(k);
        }
        if (sorted.size() > MAX_PER_MESSAGE) {
            throw new StoreException(StoreError.INVALID, "more than " + MAX_PER_MESSAGE + " keywords");
        }
        return sorted;
    }

    public static boolean isValid(String keyword) {
        if (keyword == null || keyword.isEmpty() || keyword.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < keyword.length(); i++) {
            char c = keyword.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
