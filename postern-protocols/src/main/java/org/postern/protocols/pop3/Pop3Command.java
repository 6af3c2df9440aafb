package org.postern.protocols.pop3;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The command table (style rule 3): every POP3 verb with the policy the dispatcher enforces in
 * one place, so handlers never re-check it.
 * <ul>
 *   <li>{@link #allowedIn(Pop3Phase)}: RFC 1939 sections 4 to 7, RFC 2449 section 5 (CAPA in
 *       both states), RFC 2595 section 4 (STLS only in AUTHORIZATION), RFC 5034 section 4
 *       (AUTH only in AUTHORIZATION);</li>
 *   <li>{@link #tlsRule()}: no credential crosses a connection in clear (DESIGN.md): USER,
 *       PASS, APOP and AUTH are refused before TLS with {@code -ERR [AUTH]} (RFC 2595 section
 *       3.1, the reference row "pop3"); STLS only once;</li>
 *   <li>{@link #arguments()}: the argument grammar the parser checks (RFC 1939 section 3:
 *       keywords and arguments separated by single spaces; PASS takes the rest of the line,
 *       section 7);</li>
 *   <li>{@link #capability()}: the CAPA tag (RFC 2449 section 6) a verb brings, so the
 *       capability list is computed from the table, never kept as a string elsewhere.</li>
 * </ul>
 */
public enum Pop3Command {
    USER(Phases.AUTHORIZATION, TlsRule.TLS_REQUIRED, Arguments.WORD, "USER"),
    PASS(Phases.AUTHORIZATION, TlsRule.TLS_REQUIRED, Arguments.REST_OF_LINE, null),
    /** Refused: APOP needs the clear password kept on the server (RFC 1939 section 7). */
    APOP(Phases.AUTHORIZATION, TlsRule.TLS_REQUIRED, Arguments.ANY, null),
    AUTH(Phases.AUTHORIZATION, TlsRule.TLS_REQUIRED, Arguments.SASL, "SASL"),
    STLS(Phases.AUTHORIZATION, TlsRule.BEFORE_TLS_ONLY, Arguments.NONE, "STLS"),
    CAPA(Phases.BOTH, TlsRule.ANY, Arguments.NONE, null),
    QUIT(Phases.BOTH, TlsRule.ANY, Arguments.NONE, null),
    STAT(Phases.TRANSACTION, TlsRule.ANY, Arguments.NONE, null),
    LIST(Phases.TRANSACTION, TlsRule.ANY, Arguments.OPTIONAL_MESSAGE, null),
    RETR(Phases.TRANSACTION, TlsRule.ANY, Arguments.MESSAGE, null),
    DELE(Phases.TRANSACTION, TlsRule.ANY, Arguments.MESSAGE, null),
    NOOP(Phases.TRANSACTION, TlsRule.ANY, Arguments.NONE, null),
    RSET(Phases.TRANSACTION, TlsRule.ANY, Arguments.NONE, null),
    TOP(Phases.TRANSACTION, TlsRule.ANY, Arguments.MESSAGE_AND_LINES, "TOP"),
    UIDL(Phases.TRANSACTION, TlsRule.ANY, Arguments.OPTIONAL_MESSAGE, "UIDL");

    /** What TLS state a verb needs. */
    public enum TlsRule {
        /** Allowed with or without TLS. */
        ANY,
        /** STLS: refused once TLS is on. */
        BEFORE_TLS_ONLY,
        /** Carries credentials: refused before TLS with {@code -ERR [AUTH]}. */
        TLS_REQUIRED;

        public boolean permits(boolean tls) {
            return switch (this) {
                case ANY -> true;
                case BEFORE_TLS_ONLY -> !tls;
                case TLS_REQUIRED -> tls;
            };
        }
    }

    /** The argument grammar of a verb. */
    public enum Arguments {
        /** No argument. */
        NONE,
        /** One message number (RFC 1939 section 5: RETR, DELE). */
        MESSAGE,
        /** An optional message number (LIST, UIDL). */
        OPTIONAL_MESSAGE,
        /** A message number and a non-negative line count (TOP, RFC 1939 section 7). */
        MESSAGE_AND_LINES,
        /** One word (USER name). */
        WORD,
        /** Everything after the first space, spaces included (PASS, RFC 1939 section 7). */
        REST_OF_LINE,
        /** An optional mechanism name and an optional initial response (RFC 5034 section 4). */
        SASL,
        /** Anything (a refused verb's arguments are not looked at). */
        ANY
    }

    private static final class Phases {
        static final Set<Pop3Phase> AUTHORIZATION = EnumSet.of(Pop3Phase.AUTHORIZATION);
        static final Set<Pop3Phase> TRANSACTION = EnumSet.of(Pop3Phase.TRANSACTION);
        static final Set<Pop3Phase> BOTH = EnumSet.allOf(Pop3Phase.class);
    }

    private final Set<Pop3Phase> phases;
    private final TlsRule tlsRule;
    private final Arguments arguments;
    private final String capability;

    Pop3Command(Set<Pop3Phase> phases, TlsRule tlsRule, Arguments arguments, String capability) {
        this.phases = Set.copyOf(phases);
        this.tlsRule = tlsRule;
        this.arguments = arguments;
        this.capability = capability;
    }

    /** Case-insensitive lookup of a keyword as sent (RFC 1939 section 3: three or four characters). */
    public static Optional<Pop3Command> lookup(String keyword) {
        if (keyword.length() < 3 || keyword.length() > 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(keyword.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean allowedIn(Pop3Phase phase) {
        return phases.contains(phase);
    }

    public Set<Pop3Phase> phases() {
        return phases;
    }

    public TlsRule tlsRule() {
        return tlsRule;
    }

    public Arguments arguments() {
        return arguments;
    }

    /** The CAPA tag this verb brings, if it brings one. */
    public Optional<String> capability() {
        return Optional.ofNullable(capability);
    }

    /**
     * Whether the verb is worth advertising now: the TLS state permits it, and it is allowed
     * in this phase or in a later one (TOP and UIDL are listed before login, where clients ask).
     */
    public boolean offeredIn(Pop3Phase phase, boolean tls) {
        if (!tlsRule.permits(tls)) {
            return false;
        }
        for (Pop3Phase p : phases) {
            if (p.compareTo(phase) >= 0) {
                return true;
            }
        }
        return false;
    }
}
