package org.postern.transport.dsn;

import java.util.Locale;

/** The Action field of a per-recipient report (RFC 3464 section 2.3.3). */
public enum ReportAction {
    /** Could not be delivered; nothing more will be tried. */
    FAILED,
    /** Not delivered yet; still being tried. */
    DELAYED,
    /** Delivered (reported only when NOTIFY=SUCCESS asked for it). */
    DELIVERED;

    public String field() {
        return name().toLowerCase(Locale.ROOT);
    }
}
