package org.postern.core.store;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A change to messages' flags: the three forms of STORE in RFC 3501 section 6.4.6
 * ({@code FLAGS}, {@code +FLAGS}, {@code -FLAGS}), for system flags and keywords together.
 */
public record FlagUpdate(Mode mode, Set<Flag> flags, Set<String> keywords) {

    /** How the given flags combine with the ones a message has. */
    public enum Mode { ADD, REMOVE, REPLACE }

    public FlagUpdate {
        Objects.requireNonNull(mode, "mode");
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        keywords = Set.copyOf(Keywords.validate(keywords));
    }

    public static FlagUpdate add(Flag... flags) {
        return new FlagUpdate(Mode.ADD, Set.of(flags), Set.of());
    }

    public static FlagUpdate remove(Flag... flags) {
        return new FlagUpdate(Mode.REMOVE, Set.of(flags), Set.of());
    }

    public static FlagUpdate replace(Set<Flag> flags, Set<String> keywords) {
        return new FlagUpdate(Mode.REPLACE, flags, keywords);
    }
}
