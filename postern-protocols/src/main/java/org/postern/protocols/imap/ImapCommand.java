package org.postern.protocols.imap;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The command table (style rule 3): every IMAP command with the policy the dispatcher enforces
 * in one place, so handlers never re-check it.
 * <ul>
 *   <li>{@link #phases()}: RFC 3501 section 6 (any state, not authenticated, authenticated,
 *       selected); RFC 9051 section 6 for the same with the extensions;</li>
 *   <li>{@link #tlsRule()}: STARTTLS only before TLS (RFC 3501 section 6.2.1); LOGIN and
 *       AUTHENTICATE carry credentials and are refused before TLS with
 *       {@code NO [PRIVACYREQUIRED]} (RFC 3501 section 6.2.3 LOGINDISABLED, RFC 5530);</li>
 *   <li>{@link #uidVariant()}: the command also exists as {@code UID <command>} (RFC 3501
 *       section 6.4.8, RFC 4315 section 2.1 UID EXPUNGE, RFC 6851 UID MOVE);</li>
 *   <li>{@link #capability()}: the CAPABILITY atom the command brings (RFC 2177 IDLE, RFC 6851
 *       MOVE, RFC 2342 NAMESPACE, RFC 2971 ID, RFC 5161 ENABLE, RFC 3691 UNSELECT, RFC 4978
 *       COMPRESS=DEFLATE, RFC 5256 SORT and THREAD, RFC 5267 ESORT, RFC 9208 QUOTA with its
 *       STORAGE resource, QUOTA=RES-STORAGE; no QUOTASET, SETQUOTA being refused), so the
 *       capability list is computed from this table ({@link ImapCapabilities});</li>
 *   <li>{@link #mayExpunge()}: whether untagged EXPUNGE may follow the command (RFC 3501
 *       section 7.4.1: not during FETCH, STORE or SEARCH by sequence number).</li>
 * </ul>
 */
public enum ImapCommand {
    CAPABILITY(Phases.ANY, TlsRule.ANY, false, null, true),
    NOOP(Phases.ANY, TlsRule.ANY, false, null, true),
    LOGOUT(Phases.ANY, TlsRule.ANY, false, null, true),
    ID(Phases.ANY, TlsRule.ANY, false, "ID", true),
    STARTTLS(Phases.NOT_AUTH, TlsRule.BEFORE_TLS_ONLY, false, "STARTTLS", true),
    AUTHENTICATE(Phases.NOT_AUTH, TlsRule.TLS_REQUIRED, false, null, true),
    LOGIN(Phases.NOT_AUTH, TlsRule.TLS_REQUIRED, false, null, true),
    ENABLE(Phases.AUTH_ONLY, TlsRule.ANY, false, "ENABLE", true),
    SELECT(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, null, true),
    EXAMINE(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, null, true),
    CREATE(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, null, true),
    DELETE(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, null, true),
    RENAME(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, null, true),
    SUBSCRIBE(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, null, true),
    UNSUBSCRIBE(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, null, true),
    LIST(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, null, true),
    LSUB(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, null, true),
    NAMESPACE(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, "NAMESPACE", true),
    STATUS(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, null, true),
    APPEND(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, null, true),
    IDLE(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, "IDLE", true),
    COMPRESS(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, "COMPRESS=DEFLATE", true),
    CHECK(Phases.SELECTED_ONLY, TlsRule.ANY, false, null, true),
    CLOSE(Phases.SELECTED_ONLY, TlsRule.ANY, false, null, false),
    UNSELECT(Phases.SELECTED_ONLY, TlsRule.ANY, false, "UNSELECT", false),
    EXPUNGE(Phases.SELECTED_ONLY, TlsRule.ANY, true, null, true),
    SEARCH(Phases.SELECTED_ONLY, TlsRule.ANY, true, null, false),
    SORT(Phases.SELECTED_ONLY, TlsRule.ANY, true, "SORT ESORT", false),
    THREAD(Phases.SELECTED_ONLY, TlsRule.ANY, true, "THREAD=ORDEREDSUBJECT THREAD=REFERENCES", false),
    FETCH(Phases.SELECTED_ONLY, TlsRule.ANY, true, null, false),
    STORE(Phases.SELECTED_ONLY, TlsRule.ANY, true, null, false),
    COPY(Phases.SELECTED_ONLY, TlsRule.ANY, true, null, true),
    MOVE(Phases.SELECTED_ONLY, TlsRule.ANY, true, "MOVE", true),
    GETQUOTA(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, "QUOTA QUOTA=RES-STORAGE", true),
    GETQUOTAROOT(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, null, true),
    SETQUOTA(Phases.AUTH_OR_SELECTED, TlsRule.ANY, false, null, true);

    /** What TLS state a command needs. */
    public enum TlsRule {
        ANY,
        /** STARTTLS: refused once TLS is on. */
        BEFORE_TLS_ONLY,
        /** Carries credentials: refused before TLS with {@code NO [PRIVACYREQUIRED]}. */
        TLS_REQUIRED;

        public boolean permits(boolean tls) {
            return switch (this) {
                case ANY -> true;
                case BEFORE_TLS_ONLY -> !tls;
                case TLS_REQUIRED -> tls;
            };
        }
    }

    private static final class Phases {
        static final Set<ImapPhase> ANY = EnumSet.allOf(ImapPhase.class);
        static final Set<ImapPhase> NOT_AUTH = EnumSet.of(ImapPhase.NOT_AUTHENTICATED);
        static final Set<ImapPhase> AUTH_ONLY = EnumSet.of(ImapPhase.AUTHENTICATED);
        static final Set<ImapPhase> AUTH_OR_SELECTED = EnumSet.of(ImapPhase.AUTHENTICATED, ImapPhase.SELECTED);
        static final Set<ImapPhase> SELECTED_ONLY = EnumSet.of(ImapPhase.SELECTED);
    }

    private final Set<ImapPhase> phases;
    private final TlsRule tlsRule;
    private final boolean uidVariant;
    private final String capability;
    private final boolean mayExpunge;

    ImapCommand(Set<ImapPhase> phases, TlsRule tlsRule, boolean uidVariant, String capability, boolean mayExpunge) {
        this.phases = phases;
        this.tlsRule = tlsRule;
        this.uidVariant = uidVariant;
        this.capability = capability;
        this.mayExpunge = mayExpunge;
    }

    public Set<ImapPhase> phases() {
        return phases;
    }

    public boolean allowedIn(ImapPhase phase) {
        return phases.contains(phase);
    }

    public TlsRule tlsRule() {
        return tlsRule;
    }

    /** True when {@code UID <this>} exists. */
    public boolean uidVariant() {
        return uidVariant;
    }

    /** The CAPABILITY atom this command brings, if any. */
    public Optional<String> capability() {
        return Optional.ofNullable(capability);
    }

    /**
     * True when untagged EXPUNGE responses may be sent at the end of the command; false for the
     * commands by sequence number during which the numbers must not shift (RFC 3501 section 7.4.1).
     * The UID forms always may.
     */
    public boolean mayExpunge(boolean uid) {
        return mayExpunge || uid;
    }

    /** The command named {@code name}, case-insensitively (RFC 3501 section 9: commands are case-insensitive). */
    public static Optional<ImapCommand> named(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (ImapCommand c : values()) {
            if (c.name().equals(upper)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
