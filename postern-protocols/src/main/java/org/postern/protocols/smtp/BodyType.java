package org.postern.protocols.smtp;

import java.util.Locale;
import java.util.Optional;

/** The BODY parameter of MAIL: RFC 6152 section 2 (7BIT, 8BITMIME), RFC 3030 section 3 (BINARYMIME). */
public enum BodyType {
    SEVEN_BIT("7BIT"),
    EIGHT_BIT_MIME("8BITMIME"),
    BINARY_MIME("BINARYMIME");

    private final String keyword;

    BodyType(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** Case-insensitive lookup of the keyword. */
    public static Optional<BodyType> of(String value) {
        String v = value.toUpperCase(Locale.ROOT);
        for (BodyType t : values()) {
            if (t.keyword.equals(v)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
