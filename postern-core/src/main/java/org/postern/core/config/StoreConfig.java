package org.postern.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where the mailbox store keeps its metadata: the embedded SQLite file in the data folder, or
 * a PostgreSQL database shared by several servers.
 *
 * @param type         {@code sqlite} or {@code postgresql}
 * @param url          the PostgreSQL JDBC URL (only for postgresql)
 * @param user         the PostgreSQL user
 * @param passwordFile a file holding the PostgreSQL password (kept out of this file)
 * @param blobs        the folder of message bytes, relative to the data folder unless absolute
 */
public record StoreConfig(
        @JsonProperty("type") String type,
        @JsonProperty("url") String url,
        @JsonProperty("user") String user,
        @JsonProperty("password_file") String passwordFile,
        @JsonProperty("blobs") String blobs) {

    public static StoreConfig defaults() {
        return new StoreConfig("sqlite", null, null, null, "blobs");
    }

    public boolean isPostgresql() {
        return "postgresql".equalsIgnoreCase(type);
    }
}
