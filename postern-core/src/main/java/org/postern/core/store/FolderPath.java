package org.postern.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A folder's name as a path of segments from the mailbox root, written with
 * {@link #DELIMITER} between them (the hierarchy delimiter of RFC 3501 section 6.3.8).
 * Segments are non-empty and contain neither the delimiter nor control characters.
 */
public record FolderPath(List<String> segments) {

    /** The hierarchy delimiter. */
    public static final char DELIMITER = '/';

    /** Longest name accepted, in characters, all segments and delimiters counted. */
    public static final int MAX_LENGTH = 1024;

    public FolderPath {
        segments = List.copyOf(Objects.requireNonNull(segments, "segments"));
        if (segments.isEmpty()) {
            throw new StoreException(StoreError.INVALID, "empty folder name");
        }
        int length = segments.size() - 1;
        for (String s : segments) {
            if (s.isEmpty() || s.indexOf(DELIMITER) >= 0 || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new StoreException(StoreError.INVALID, "bad folder name segment");
            }
            length += s.length();
        }
        if (length > MAX_LENGTH) {
            throw new StoreException(StoreError.INVALID, "folder name longer than " + MAX_LENGTH);
        }
    }

    /** Parses {@code a/b/c}; a leading or trailing delimiter or an empty segment is {@link StoreError#INVALID}. */
    public static FolderPath parse(String name) {
        Objects.requireNonNull(name, "name");
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == DELIMITER) {
                parts.add(name.substring(start, i));
                start = i + 1;
            }
        }
        return new FolderPath(parts);
    }

    public static FolderPath of(String... segments) {
        return new FolderPath(List.of(segments));
    }

    /** The last segment. */
    public String leaf() {
        return segments.get(segments.size() - 1);
    }

    /** The parent path, or null for a top-level folder. */
    public FolderPath parent() {
        return segments.size() == 1 ? null : new FolderPath(segments.subList(0, segments.size() - 1));
    }

    /** This path with one more segment. */
    public FolderPath child(String segment) {
        List<String> longer = new ArrayList<>(segments);
        longer.add(segment);
        return new FolderPath(longer);
    }

    /** True if {@code other} is this path or lies below it. */
    public boolean contains(FolderPath other) {
        return other.segments.size() >= segments.size() && other.segments.subList(0, segments.size()).equals(segments);
    }

    /** The name with {@link #DELIMITER} between segments. */
    public String name() {
        return String.join(String.valueOf(DELIMITER), segments);
    }

    @Override
    public String toString() {
        return name();
    }
}
