package org.postern.transport.smtp;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.postern.auth.Authenticator;
import org.postern.protocols.smtp.EhloCapabilities;
import org.postern.protocols.smtp.SmtpExtension;

/**
 * What every session of one listener shares, resolved once when the service starts (Stalwart's
 * "limits resolved once per session").
 *
 * @param extensions the extensions offered: one set feeds the parser and the EHLO reply (style rule 12)
 */
record SessionConfig(SmtpListenerKind kind, String hostname, SmtpReceiveSettings settings, SSLContext tls,
                     Authenticator authenticator, PolicyChain policy, Intake intake,
                     Set<SmtpExtension> extensions) {

    SessionConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(intake, "intake");
        extensions = Set.copyOf(EnumSet.copyOf(extensions));
    }

    /**
     * The extensions of a Hub listener: everything the wire layer has but BINARYMIME (a binary
     * body cannot be relayed to a server without it, and the Hub does not convert), and
     * STARTTLS only where TLS is not already on from the first byte.
     */
    static Set<SmtpExtension> extensionsFor(SmtpListenerKind kind) {
        Set<SmtpExtension> set = EnumSet.allOf(SmtpExtension.class);
        set.remove(SmtpExtension.BINARYMIME);
        if (kind.implicitTls()) {
            set.remove(SmtpExtension.STARTTLS);
        }
        return set;
    }

    /** The EHLO capabilities for the mechanisms the authenticator offers on this connection now. */
    EhloCapabilities capabilities(List<String> mechanisms) {
        return new EhloCapabilities(extensions, settings.limits().maxMessageSize(), mechanisms,
                extensions.contains(SmtpExtension.STARTTLS));
    }
}
