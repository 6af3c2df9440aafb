package org.postern.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.OptionalLong;

/**
 * Where the mailbox store keeps its metadata: the embedded SQLite file in the data folder, or
 * a PostgreSQL database shared by several servers.
 *
 * @param type         {@code sqlite} (when left out) or {@code postgresql}
 * @param url          the PostgreSQL JDBC URL (only for postgresql)
 * @param user         the PostgreSQL user
 * @param passwordFile a file holding the PostgreSQL password (kept out of this file)
 * @param blobs        the folder of message bytes, relative to the data folder unless absolute
 *                     ({@code blobs} when left out)
 * @param inlineLimit  the largest message content kept inside the database instead of as a file
 *                     in {@code blobs}, in octets (null: the store's default, 128 KiB; 0: none;
 *                     at most {@link #MAX_INLINE_LIMIT}); see docs/adr/0019-inline-content.md
 * @param quota        the default storage limit of a mailbox (RFC 9208 STORAGE), as a
 *                     {@link StorageSize} ({@code 2GiB}); null or absent: no limit. An owner's
 *                     own limit ({@code postern user quota}) wins; see docs/adr/0023-storage-quota.md
 */
public record StoreConfig(
        @JsonProperty("type") String type,
        @JsonProperty("url") String url,
        @JsonProperty("user") String user,
        @JsonProperty("password_file") String passwordFile,
        @JsonProperty("blobs") String blobs,
        @JsonProperty("inline_limit") Integer inlineLimit,
        @JsonProperty("quota") String quota) {

    /** The store stages a content up to this size in memory, which an inline content must be. */
    public static final int MAX_INLINE_LIMIT = 1024 * 1024;

    public StoreConfig {
        // a store: section that sets only some keys keeps the defaults of the others
        type = type == null ? "sqlite" : type;
        blobs = blobs == null ? "blobs" : blobs;
        if (inlineLimit != null && (inlineLimit < 0 || inlineLimit > MAX_INLINE_LIMIT)) {
            throw new IllegalArgumentException("store.inline_limit must be between 0 and " + MAX_INLINE_LIMIT + ": " + inlineLimit);
        }
        if (quota != null) {
            try {
                StorageSize.parse(quota);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("store.quota: " + e.getMessage(), e);
            }
        }
    }

    /** The default storage limit in octets; empty for none. */
    public OptionalLong quotaOctets() {
        return quota == null ? OptionalLong.empty() : OptionalLong.of(StorageSize.parse(quota));
    }

    public static StoreConfig defaults() {
        return new StoreConfig("sqlite", null, null, null, "blobs", null, null);
    }

    public boolean isPostgresql() {
        return "postgresql".equalsIgnoreCase(type);
    }
}
