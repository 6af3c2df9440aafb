package org.postern.store;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/** How a message's keywords are kept in one column: sorted, separated by single spaces (keywords are atoms). */
final class KeywordColumn {
    private KeywordColumn() {
    }

    static String write(Set<String> keywords) {
        return String.join(" ", new TreeSet<>(keywords));
    }

    static Set<String> read(String column) {
        if (column == null || column.isEmpty()) {
            return Set.of();
        }
        return new TreeSet<>(Arrays.asList(column.split(" ")));
    }
}
