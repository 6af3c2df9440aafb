package org.postern.directory;

import java.util.Locale;

/** What an address in {@code directory_address} names; stored by its name. */
enum AddressKind {
    USER, ALIAS, GROUP;

    /** The word used in messages: "a user", "an alias", "a group". */
    String withArticle() {
        return switch (this) {
            case USER -> "a user";
            case ALIAS -> "an alias";
            case GROUP -> "a group";
        };
    }

    /** The bare noun: "user", "alias", "group". */
    String noun() {
        return name().toLowerCase(Locale.ROOT);
    }
}
