package org.postern.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * The directory of domains, users, aliases and groups.
 *
 * @param ntlm whether NTLM authentication is offered; it needs each user's NT hash kept, so
 *             that hash is stored only while this is on
 * @param ldap an external LDAP directory to read users, aliases and groups from instead of the
 *             embedded one; null for the embedded directory
 */
public record DirectoryConfig(@JsonProperty("ntlm") boolean ntlm, @JsonProperty("ldap") ExternalLdapConfig ldap) {

    public static DirectoryConfig defaults() {
        return new DirectoryConfig(false, null);
    }

    public Optional<ExternalLdapConfig> external() {
        return Optional.ofNullable(ldap);
    }
}
