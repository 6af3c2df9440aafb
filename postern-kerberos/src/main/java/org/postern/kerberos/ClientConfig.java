package org.postern.kerberos;

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

    /** The file's text. */
    public static String krb5Conf(KerberosRealm realm, String kdcHost, int kdcPort) {
        String kdc = kdcHost + (kdcPort == EmbeddedKdc.PORT ? "" : ":" + kdcPort);
        return "# krb5.conf for the realm " + realm + " (printed by postern kerberos client-config)\n"
                + "[libdefaults]\n"
                + "    default_realm = " + realm + "\n"
                + "    dns_lookup_realm = false\n"
                + "    dns_lookup_kdc = false\n"
                + "    dns_canonicalize_hostname = false\n"
                + "    rdns = false\n"
                + "    udp_preference_limit = 1\n"
                + "\n"
                + "[realms]\n"
                + "    " + realm + " = {\n"
                + "        kdc = " + kdc + "\n"
                + "    }\n"
                + "\n"
                + "[domain_realm]\n"
                + "    ." + realm.domain() + " = " + realm + "\n"
                + "    " + realm.domain() + " = " + realm + "\n";
    }
}
