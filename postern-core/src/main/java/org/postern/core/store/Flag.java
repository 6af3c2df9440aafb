package org.postern.core.store;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The system flags of RFC 3501 section 2.3.2 ({@code \Recent} is session state, not stored). */
public enum Flag {
    SEEN("\\Seen"),
    ANSWERED("\\Answered"),
    FLAGGED("\\Flagged"),
    DELETED("\\Deleted"),
    DRAFT("\\Draft");

    private final String imapName;

    Flag(String imapName) {
        this.imapName = imapName;
    }

    public String imapName() {
        return imapName;
    }

    /** The flag named {@code \Seen} etc., case-insensitively (RFC 3501 flags are case-insensitive). */
    public static Optional<Flag> fromImapName(String name) {
        for (Flag f : values()) {
            if (f.imapName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The flags as a bit set, one bit per constant in declaration order; the form the store keeps. */
    public static int toBits(Set<Flag> flags) {
        int bits = 0;
        for (Flag f : flags) {
            bits |= 1 << f.ordinal();
        }
        return bits;
    }

    public static Set<Flag> fromBits(int bits) {
        EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        for (Flag f : values()) {
            if ((bits & (1 << f.ordinal())) != 0) {
                flags.add(f);
            }
        }
        return flags;
    }
}
