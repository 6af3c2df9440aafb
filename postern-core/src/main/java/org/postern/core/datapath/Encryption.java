package org.postern.core.datapath;

import java.util.Locale;

/** How a data path is encrypted, named as {@code reference/datapaths.yaml} names it. */
public enum Encryption {
    /** TLS, by STARTTLS or implicit (RFC 8314). */
    TLS("tls"),
    HTTPS("https"),
    LDAPS("ldaps"),
    SIP_TLS("sip-tls"),
    /** Kerberos GSS-API wrapping. */
    GSS("gss"),
    NONE("none");

    private final String referenceName;

    Encryption(String referenceName) {
        this.referenceName = referenceName;
    }

    public String referenceName() {
        return referenceName;
    }

    public static Encryption fromReferenceName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Encryption e : values()) {
            if (e.referenceName.equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown encryption: " + name);
    }
}
