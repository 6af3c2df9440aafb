package org.postern.protocols.smtp;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of RCPT TO (RFC 5321 section 4.1.2 Rcpt-parameters): NOTIFY and ORCPT
 * (RFC 3461 sections 4.1 and 4.2).
 *
 * @param notifyOn the NOTIFY values; empty when NOTIFY was not given; {@code {NEVER}} or a subset of the others
 */
public record RcptParameters(Set<DsnNotify> notifyOn, Optional<Orcpt> orcpt) {

    public static final RcptParameters NONE = new RcptParameters(Set.of(), Optional.empty());

    public RcptParameters {
        notifyOn = notifyOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(notifyOn));
        Objects.requireNonNull(orcpt, "orcpt");
        if (notifyOn.contains(DsnNotify.NEVER) && notifyOn.size() > 1) {
            throw new IllegalArgumentException("NOTIFY=NEVER goes alone");
        }
    }

    /** The parameters as they follow the path on a command line, each with its leading space. */
    public String toWire() {
        StringBuilder b = new StringBuilder();
        if (!notifyOn.isEmpty()) {
            b.append(" NOTIFY=");
            String sep = "";
            for (DsnNotify n : DsnNotify.values()) {
                if (notifyOn.contains(n)) {
                    b.append(sep).append(n);
                    sep = ",";
                }
            }
        }
        orcpt.ifPresent(o -> b.append(" ORCPT=").append(o.toWire()));
        return b.toString();
    }
}
