package org.postern.protocols.smtp;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The command table (style rule 3): every SMTP/LMTP verb with the policy the dispatcher
 * enforces in one place, so command handlers never re-check it.
 * <ul>
 *   <li>{@link #allowedIn(SmtpPhase)}: RFC 5321 section 4.1.4 (sequencing), RFC 3030 section 2
 *       (only BDAT, RSET, NOOP, QUIT and HELP between chunks), RFC 3207 section 4 and RFC 4954
 *       section 4 (no STARTTLS or AUTH inside a transaction);</li>
 *   <li>{@link #tlsRule()}: before TLS, AUTH is always refused (DESIGN: no credential in
 *       clear) and mail commands are refused where the listener requires TLS
 *       ({@code 530 5.7.0}); STARTTLS only once;</li>
 *   <li>{@link #authRule()}: mail commands refused before AUTH where the listener requires it
 *       (submission); AUTH only once;</li>
 *   <li>{@link #endsPipelineGroup()}: RFC 2920 section 3.1 (EHLO, DATA, VRFY, EXPN, QUIT,
 *       NOOP), RFC 3207 section 4.2 (STARTTLS), RFC 4954 section 4 (AUTH), plus HELO and
 *       LHLO. A command pipelined after one of them is a protocol violation; after STARTTLS
 *       it is discarded;</li>
 *   <li>{@link #countsAsJunk()}: the commands that do no work (NOOP, RSET, VRFY, EXPN, HELP)
 *       are counted against the session's junk budget, as Postfix does;</li>
 *   <li>{@link #extension()}: a verb whose extension is not enabled answers
 *       {@code 502 5.5.1}.</li>
 * </ul>
 */
public enum SmtpVerb {
    EHLO(Dialects.SMTP, Phases.ANY_BUT_BDAT, TlsRule.ANY, AuthRule.ANY, true, false, null),
    HELO(Dialects.SMTP, Phases.ANY_BUT_BDAT, TlsRule.ANY, AuthRule.ANY, true, false, null),
    LHLO(Dialects.LMTP, Phases.ANY_BUT_BDAT, TlsRule.ANY, AuthRule.ANY, true, false, null),
    MAIL(Dialects.BOTH, EnumSet.of(SmtpPhase.AFTER_HELLO), TlsRule.TLS_IF_REQUIRED, AuthRule.AUTH_IF_REQUIRED, false, false, null),
    RCPT(Dialects.BOTH, EnumSet.of(SmtpPhase.AFTER_MAIL, SmtpPhase.AFTER_RCPT), TlsRule.TLS_IF_REQUIRED, AuthRule.AUTH_IF_REQUIRED, false, false, null),
    DATA(Dialects.BOTH, EnumSet.of(SmtpPhase.AFTER_RCPT), TlsRule.TLS_IF_REQUIRED, AuthRule.AUTH_IF_REQUIRED, true, false, null),
    BDAT(Dialects.BOTH, EnumSet.of(SmtpPhase.AFTER_RCPT, SmtpPhase.IN_BDAT), TlsRule.TLS_IF_REQUIRED, AuthRule.AUTH_IF_REQUIRED, false, false, SmtpExtension.CHUNKING),
    RSET(Dialects.BOTH, Phases.ANY, TlsRule.ANY, AuthRule.ANY, false, true, null),
    NOOP(Dialects.BOTH, Phases.ANY, TlsRule.ANY, AuthRule.ANY, true, true, null),
    QUIT(Dialects.BOTH, Phases.ANY, TlsRule.ANY, AuthRule.ANY, true, false, null),
    VRFY(Dialects.BOTH, Phases.ANY_BUT_BDAT, TlsRule.TLS_IF_REQUIRED, AuthRule.AUTH_IF_REQUIRED, true, true, null),
    EXPN(Dialects.BOTH, Phases.ANY_BUT_BDAT, TlsRule.TLS_IF_REQUIRED, AuthRule.AUTH_IF_REQUIRED, true, true, null),
    HELP(Dialects.BOTH, Phases.ANY, TlsRule.ANY, AuthRule.ANY, false, true, null),
    STARTTLS(Dialects.BOTH, EnumSet.of(SmtpPhase.AFTER_HELLO), TlsRule.BEFORE_TLS_ONLY, AuthRule.ANY, true, false, SmtpExtension.STARTTLS),
    AUTH(Dialects.BOTH, EnumSet.of(SmtpPhase.AFTER_HELLO), TlsRule.TLS_ALWAYS, AuthRule.BEFORE_AUTH_ONLY, true, false, SmtpExtension.AUTH);

    /** What TLS state a verb needs. */
    public enum TlsRule {
        /** Allowed with or without TLS. */
        ANY,
        /** STARTTLS: refused once TLS is active ({@code 503 5.5.1}). */
        BEFORE_TLS_ONLY,
        /** Refused before TLS where the listener requires TLS ({@code 530 5.7.0}). */
        TLS_IF_REQUIRED,
        /** Refused before TLS everywhere ({@code 530 5.7.0}). */
        TLS_ALWAYS;

        public boolean permits(boolean tlsActive, boolean tlsRequired) {
            return switch (this) {
                case ANY -> true;
                case BEFORE_TLS_ONLY -> !tlsActive;
                case TLS_IF_REQUIRED -> tlsActive || !tlsRequired;
                case TLS_ALWAYS -> tlsActive;
            };
        }
    }

    /** What authentication state a verb needs. */
    public enum AuthRule {
        ANY,
        /** AUTH: refused once authenticated ({@code 503 5.5.1}, RFC 4954 section 4). */
        BEFORE_AUTH_ONLY,
        /** Refused before AUTH where the listener requires it ({@code 530 5.7.0}). */
        AUTH_IF_REQUIRED;

        public boolean permits(boolean authenticated, boolean authRequired) {
            return switch (this) {
                case ANY -> true;
                case BEFORE_AUTH_ONLY -> !authenticated;
                case AUTH_IF_REQUIRED -> authenticated || !authRequired;
            };
        }
    }

    private final Set<SmtpDialect> dialects;
    private final Set<SmtpPhase> phases;
    private final TlsRule tlsRule;
    private final AuthRule authRule;
    private final boolean endsPipelineGroup;
    private final boolean countsAsJunk;
    private final SmtpExtension extension;

    SmtpVerb(Set<SmtpDialect> dialects, Set<SmtpPhase> phases, TlsRule tlsRule, AuthRule authRule,
             boolean endsPipelineGroup, boolean countsAsJunk, SmtpExtension extension) {
        this.dialects = Set.copyOf(dialects);
        this.phases = Set.copyOf(phases);
        this.tlsRule = tlsRule;
        this.authRule = authRule;
        this.endsPipelineGroup = endsPipelineGroup;
        this.countsAsJunk = countsAsJunk;
        this.extension = extension;
    }

    /** Case-insensitive lookup of a verb as sent (RFC 5321 section 2.4). */
    public static Optional<SmtpVerb> lookup(String word) {
        if (word.length() < 4 || word.length() > 8) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(word.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean inDialect(SmtpDialect dialect) {
        return dialects.contains(dialect);
    }

    public boolean allowedIn(SmtpPhase phase) {
        return phases.contains(phase);
    }

    public Set<SmtpPhase> phases() {
        return phases;
    }

    public TlsRule tlsRule() {
        return tlsRule;
    }

    public AuthRule authRule() {
        return authRule;
    }

    public boolean endsPipelineGroup() {
        return endsPipelineGroup;
    }

    public boolean countsAsJunk() {
        return countsAsJunk;
    }

    /** The extension that must be enabled for this verb to exist, if any. */
    public Optional<SmtpExtension> extension() {
        return Optional.ofNullable(extension);
    }

    private static final class Dialects {
        static final Set<SmtpDialect> SMTP = EnumSet.of(SmtpDialect.SMTP);
        static final Set<SmtpDialect> LMTP = EnumSet.of(SmtpDialect.LMTP);
        static final Set<SmtpDialect> BOTH = EnumSet.allOf(SmtpDialect.class);
    }

    private static final class Phases {
        static final Set<SmtpPhase> ANY = EnumSet.allOf(SmtpPhase.class);
        static final Set<SmtpPhase> ANY_BUT_BDAT = EnumSet.complementOf(EnumSet.of(SmtpPhase.IN_BDAT));
    }
}
