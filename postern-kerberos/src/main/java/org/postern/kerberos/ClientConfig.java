package org.postern.kerberos;

import java.util.List;

/**
 * The {@code krb5.conf} a client (MIT Kerberos, Heimdal, the JDK) needs for the embedded realm:
 * the realm as default, its KDC, the domain-to-realm mapping, and no DNS guessing — the names
 * clients use for the server's services are the host names in the keytab, taken as typed
 * ({@code dns_canonicalize_hostname = false}, {@code rdns = false}). Each relation on its own
 * line: MIT's parser does not take {@code { kdc = … }} on one line.
 */
public final class ClientConfig {

    private ClientConfig() {
    }

    /** The file's text for the embedded KDC. */
    public static String krb5Conf(KerberosRealm realm, String kdcHost, int kdcPort) {
        return krb5Conf(realm, List.of(kdcHost + (kdcPort == EmbeddedKdc.PORT ? "" : ":" + kdcPort)));
    }

    /** The file's text for a realm served by these KDCs ({@code host} or {@code host:port}), tried in order. */
    public static String krb5Conf(KerberosRealm realm, List<String> kdcs) {
        StringBuilder b = new StringBuilder();
        b.append("# krb5.conf for the realm ").append(realm).append(" (printed by postern kerberos client-config)\n")
                .append("[libdefaults]\n")
                .append("    default_realm = ").append(realm).append("\n")
                .append("    dns_lookup_realm = false\n")
                .append("    dns_lookup_kdc = false\n")
                .append("    dns_canonicalize_hostname = false\n")
                .append("    rdns = false\n")
                .append("    udp_preference_limit = 1\n")
                .append("\n")
                .append("[realms]\n")
                .append("    ").append(realm).append(" = {\n");
        for (String kdc : kdcs) {
            b.append("        kdc = ").append(kdc).append("\n");
        }
        b.append("    }\n")
                .append("\n")
                .append("[domain_realm]\n")
                .append("    .").append(realm.domain()).append(" = ").append(realm).append("\n")
                .append("    ").append(realm.domain()).append(" = ").append(realm).append("\n");
        return b.toString();
    }
}
