package org.postern.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The directory of domains, users, aliases and groups.
 *
 * @param ntlm whether NTLM authentication is offered; it needs each user's NT hash kept, so
 *             that hash is stored only while this is on
 */
public record DirectoryConfig(@JsonProperty("ntlm") boolean ntlm) {

    public static DirectoryConfig defaults() {
        return new DirectoryConfig(false);
    }
}
