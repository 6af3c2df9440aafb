package org.postern.core.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.postern.core.Role;

/**
 * The server's configuration, read from {@code postern.yaml} in the data folder (or the file
 * {@code --config} names). Every setting has a default, so an empty file is a valid one;
 * command-line options override the file.
 *
 * @param hostname   the name the server gives itself (greetings, certificate, Received)
 * @param roles      the roles this process runs
 * @param portOffset added to every listening port
 * @param transport  the hub's outbound SMTP (MX, smart host, TLS policies) and its retry schedule
 * @param kerberos   the realm: the embedded KDC (default) or an external realm, its KDCs and keytab
 * @param imap       the IMAP service's connection bounds
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record PosternConfig(
        @JsonProperty("hostname") String hostname,
        @JsonProperty("roles") List<String> roles,
        @JsonProperty("port_offset") Integer portOffset,
        @JsonProperty("store") StoreConfig store,
        @JsonProperty("tls") TlsConfig tls,
        @JsonProperty("directory") DirectoryConfig directory,
        @JsonProperty("transport") TransportConfig transport,
        @JsonProperty("kerberos") KerberosConfig kerberos,
        @JsonProperty("imap") ImapConfig imap) {

    public PosternConfig {
        hostname = hostname == null || hostname.isBlank() ? HostName.local() : hostname.trim();
        roles = roles == null || roles.isEmpty()
                ? Role.DEFAULT.stream().map(Role::key).toList() : List.copyOf(roles);
        portOffset = portOffset == null ? 0 : portOffset;
        store = store == null ? StoreConfig.defaults() : store;
        tls = tls == null ? TlsConfig.defaults() : tls;
        directory = directory == null ? DirectoryConfig.defaults() : directory;
        transport = transport == null ? TransportConfig.defaults() : transport;
        kerberos = kerberos == null ? KerberosConfig.defaults() : kerberos;
        imap = imap == null ? ImapConfig.defaults() : imap;
        if (portOffset < 0 || portOffset > 65000) {
            throw new IllegalArgumentException("port_offset must be between 0 and 65000");
        }
        if (directory.external().filter(ExternalLdapConfig::gssapiBind).isPresent() && kerberos.externalRealm().isEmpty()) {
            throw new IllegalArgumentException("directory.ldap.bind gssapi needs an external Kerberos realm (kerberos.realm, kdcs, keytab)");
        }
    }

    public static PosternConfig defaults() {
        return new PosternConfig(null, null, null, null, null, null, null, null, null);
    }

    /** Reads a YAML file; an unknown or ill-typed setting is an error naming it. */
    public static PosternConfig load(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        if (Files.size(file) == 0) {
            return defaults();
        }
        PosternConfig config = yaml.readValue(file.toFile(), PosternConfig.class);
        return config == null ? defaults() : config;
    }

    /** The roles as a validated set. */
    public Set<Role> roleSet() {
        return Role.parseList(String.join(",", roles));
    }

    public PosternConfig withRoles(Set<Role> newRoles) {
        return new PosternConfig(hostname, newRoles.stream().map(Role::key).toList(), portOffset, store, tls, directory, transport, kerberos, imap);
    }

    public PosternConfig withPortOffset(int offset) {
        return new PosternConfig(hostname, roles, offset, store, tls, directory, transport, kerberos, imap);
    }

    public PosternConfig withHostname(String name) {
        return new PosternConfig(Objects.requireNonNull(name), roles, portOffset, store, tls, directory, transport, kerberos, imap);
    }
}
