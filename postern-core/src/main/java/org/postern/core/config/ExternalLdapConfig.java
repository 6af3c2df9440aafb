package org.postern.core.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.Locale;

/**
 * An external LDAP directory (OpenLDAP, Active Directory) used instead of the embedded one
 * for users, aliases and groups (accepted domains stay those of {@code postern domain add}).
 * Always encrypted: {@code ldaps://} is TLS from the first byte, {@code ldap://} is upgraded
 * with StartTLS before the bind, and no clear connection is ever used.
 *
 * @param url                {@code ldaps://HOST[:636]} or {@code ldap://HOST[:389]}
 * @param bind               how Postern binds: {@code simple} (default: {@code bind_dn} and its
 *                           password, or no bind when they are unset) or {@code gssapi} (SASL
 *                           GSSAPI as this server's {@code host/} principal, from the keytab of
 *                           the external Kerberos realm; no DN, no password)
 * @param bindDn             the service account's DN (simple bind)
 * @param bindPasswordFile   the file holding its password, relative to the data folder
 * @param baseDn             where users and groups are searched (subtree)
 * @param caFile             PEM certificates to trust for the directory's certificate, relative
 *                           to the data folder; unset: the JDK's trust store
 * @param cacheSeconds       how long a lookup is reused without asking again (a stale answer is
 *                           still used, beyond this, while the directory does not answer)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ExternalLdapConfig(
        @JsonProperty("url") String url,
        @JsonProperty("bind") String bind,
        @JsonProperty("bind_dn") String bindDn,
        @JsonProperty("bind_password_file") String bindPasswordFile,
        @JsonProperty("base_dn") String baseDn,
        @JsonProperty("ca_file") String caFile,
        @JsonProperty("cache_seconds") Integer cacheSeconds) {

    public static final String SIMPLE = "simple";
    public static final String GSSAPI = "gssapi";

    public ExternalLdapConfig {
        if (url == null || baseDn == null) {
            throw new IllegalArgumentException("directory.ldap needs url and base_dn");
        }
        String scheme = URI.create(url).getScheme();
        if (scheme == null || !(scheme.toLowerCase(Locale.ROOT).equals("ldap") || scheme.toLowerCase(Locale.ROOT).equals("ldaps"))) {
            throw new IllegalArgumentException("directory.ldap.url must be ldap:// (StartTLS) or ldaps://");
        }
        bind = bind == null ? SIMPLE : bind.trim().toLowerCase(Locale.ROOT);
        if (!bind.equals(SIMPLE) && !bind.equals(GSSAPI)) {
            throw new IllegalArgumentException("directory.ldap.bind must be simple or gssapi");
        }
        if (bind.equals(GSSAPI) && (bindDn != null || bindPasswordFile != null)) {
            throw new IllegalArgumentException("directory.ldap: bind gssapi uses the host/ principal's key, not bind_dn and bind_password_file");
        }
        if ((bindDn == null) != (bindPasswordFile == null)) {
            throw new IllegalArgumentException("directory.ldap: bind_dn and bind_password_file go together");
        }
        cacheSeconds = cacheSeconds == null ? 300 : cacheSeconds;
    }

    /** Whether the service binds with SASL GSSAPI (RFC 4752) rather than a simple bind. */
    public boolean gssapiBind() {
        return bind.equals(GSSAPI);
    }

    /** Whether TLS starts with the first byte ({@code ldaps://}); otherwise StartTLS. */
    public boolean implicitTls() {
        return URI.create(url).getScheme().equalsIgnoreCase("ldaps");
    }

    public String host() {
        return URI.create(url).getHost();
    }

    public int port() {
        int port = URI.create(url).getPort();
        return port > 0 ? port : implicitTls() ? 636 : 389;
    }
}
