package org.postern.core.datapath;

import java.util.Locale;

/**
 * The authentication methods a data path can use, named as the reference's tables name them
 * ({@code reference/datapaths.yaml}).
 */
public enum AuthMethod {
    /** No authentication: the anonymous Internet. */
    ANONYMOUS("anonymous"),
    /** HTTP Basic, or a simple LDAP bind, always inside TLS. */
    BASIC("basic"),
    DIGEST("digest"),
    NTLM("ntlm"),
    KERBEROS("kerberos"),
    /** SPNEGO: Kerberos, then NTLM. */
    NEGOTIATE("negotiate"),
    FORMS("forms"),
    /** An X.509 client certificate. */
    CERTIFICATE("certificate"),
    /** Mutual TLS with the peer's certificate pinned in the directory. */
    DIRECT_TRUST("direct-trust"),
    /** An allow-listed source address. */
    IP("ip"),
    /** SCRAM-SHA-256. */
    SCRAM("scram"),
    /** SASL PLAIN (RFC 4616), the SMTP/IMAP/POP3 form of basic. */
    PLAIN("plain"),
    /** SASL LOGIN. */
    LOGIN("login"),
    /** Nothing to authenticate: the path never leaves the process or the machine. */
    NONE("none");

    private final String referenceName;

    AuthMethod(String referenceName) {
        this.referenceName = referenceName;
    }

    /** The name used in the reference's tables and in {@code datapaths.yaml}. */
    public String referenceName() {
        return referenceName;
    }

    public static AuthMethod fromReferenceName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (AuthMethod m : values()) {
            if (m.referenceName.equals(wanted)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown authentication method: " + name);
    }
}
