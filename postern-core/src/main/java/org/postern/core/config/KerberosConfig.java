package org.postern.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which Kerberos realm the server belongs to. Unset (the default), the hub runs the embedded
 * KDC for the realm of the first accepted domain and keeps its keytab in the data folder. With
 * a {@code realm}, the realm is an external one (MIT Kerberos, Heimdal, Active Directory): no
 * KDC is started, the server's service keys come from {@code keytab}, and the JDK is pointed
 * at {@code kdcs}.
 *
 * @param realm  the external realm, upper case ({@code EXAMPLE.TEST}); unset for the embedded KDC
 * @param kdcs   the realm's KDCs, {@code host} or {@code host:port} (default port 88), at least one
 * @param keytab the keytab holding this server's service principals (smtp/, imap/, pop/, host/
 *               for its host name), relative to the data folder unless absolute
 */
public record KerberosConfig(
        @JsonProperty("realm") String realm,
        @JsonProperty("kdcs") List<String> kdcs,
        @JsonProperty("keytab") String keytab) {

    public KerberosConfig {
        realm = realm == null || realm.isBlank() ? null : realm.trim();
        kdcs = kdcs == null ? List.of() : kdcs.stream().map(String::trim).toList();
        keytab = keytab == null || keytab.isBlank() ? null : keytab.trim();
        if (realm != null) {
            if (!realm.equals(realm.toUpperCase(Locale.ROOT)) || realm.contains("@") || realm.contains("/")) {
                throw new IllegalArgumentException("kerberos.realm must be a realm name in upper case, not " + realm);
            }
            if (kdcs.isEmpty() || kdcs.stream().anyMatch(k -> !k.matches("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?"))) {
                throw new IllegalArgumentException("kerberos.kdcs must name at least one KDC as host or host:port");
            }
            if (keytab == null) {
                throw new IllegalArgumentException("kerberos.keytab is needed with kerberos.realm");
            }
        } else if (!kdcs.isEmpty() || keytab != null) {
            throw new IllegalArgumentException("kerberos.kdcs and kerberos.keytab need kerberos.realm");
        }
    }

    public static KerberosConfig defaults() {
        return new KerberosConfig(null, null, null);
    }

    /** The external realm, when one is configured; empty means the embedded KDC. */
    public Optional<String> externalRealm() {
        return Optional.ofNullable(realm);
    }
}
