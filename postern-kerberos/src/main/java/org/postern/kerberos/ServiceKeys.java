package org.postern.kerberos;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where this server's Kerberos identity lives: the realm its service principals belong to and
 * the keytab holding their keys — the embedded KDC's ({@code <data>/krb5.keytab}) or the one an
 * administrator exported from an external realm. The acceptor (SASL GSSAPI on every listener)
 * and the initiator (the hub's {@code host/} principal towards peer hubs and mailbox servers)
 * both read it.
 *
 * @param realm  the realm of the service principals, whose one-component principals are users
 * @param keytab the keytab file
 */
public record ServiceKeys(KerberosRealm realm, Path keytab) {
    public ServiceKeys {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(keytab, "keytab");
    }

    /** This server's own principal, {@code host/<hostname>@REALM}: what it authenticates as towards other servers. */
    public String hostPrincipal(String hostname) {
        return realm.service("host", hostname);
    }
}
