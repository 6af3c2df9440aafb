package org.postern.core;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The server roles of the reference, each a set of listeners, connectors and services. */
public enum Role {
    EDGE("edge", "Edge Transport"),
    HUB("hub", "Hub Transport"),
    MAILBOX("mailbox", "Mailbox"),
    CAS("cas", "Client Access"),
    UM("um", "Unified Messaging");

    /** What {@code postern run} starts unless told otherwise: a one-server install. */
    public static final Set<Role> DEFAULT = EnumSet.of(HUB, MAILBOX, CAS);

    private final String key;
    private final String title;

    Role(String key, String title) {
        this.key = key;
        this.title = title;
    }

    /** The name used in configuration and on the command line. */
    public String key() {
        return key;
    }

    /** The reference's name for it. */
    public String title() {
        return title;
    }

    /**
     * Parses a comma-separated list such as {@code hub,mailbox}; {@code all} means every role
     * that may share a server (all but the edge, which the reference places alone in the
     * perimeter network). The edge runs alone.
     */
    public static Set<Role> parseList(String text) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String part : text.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.equals("all")) {
                roles.addAll(EnumSet.of(HUB, MAILBOX, CAS, UM));
                continue;
            }
            roles.add(fromKey(name));
        }
        return validate(roles);
    }

    public static Role fromKey(String name) {
        for (Role r : values()) {
            if (r.key.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name.trim() + "' (roles: hub, mailbox, cas, edge, um, all)");
    }

    /** Refuses an empty set, and the edge together with any other role. */
    public static Set<Role> validate(Set<Role> roles) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("no role given (roles: hub, mailbox, cas, edge, um, all)");
        }
        if (roles.contains(EDGE) && roles.size() > 1) {
            throw new IllegalArgumentException("the edge role runs alone, in its own data folder, as in a perimeter network");
        }
        return roles;
    }
}
