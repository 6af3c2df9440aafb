package org.postern.clientaccess.imap;

import java.util.List;
import org.postern.core.store.StorageQuota;
import org.postern.protocols.imap.ImapResponseWriter.QuotaResource;

/**
 * The quota roots a user sees (RFC 9208 section 3): one, named {@code ""}, covering every folder
 * of the user's mailbox, with the one resource the store keeps, STORAGE (section 5.1: units of
 * 1024 octets; the usage rounded up, the limit down, so that a full mailbox never shows room).
 * A user without a limit has no quota root at all (GETQUOTAROOT lists none, GETQUOTA finds none).
 */
final class QuotaRoots {

    /** The name of the user's one quota root. */
    static final String ROOT = "";

    private static final long UNIT = 1024;

    private QuotaRoots() {
    }

    /** The quota roots of any folder of a mailbox with this quota. */
    static List<String> of(StorageQuota quota) {
        return quota.limitOctets().isPresent() ? List.of(ROOT) : List.of();
    }

    /** Octets in STORAGE's units of 1024, rounded down (STATUS DELETED-STORAGE: never more than an EXPUNGE frees). */
    static long storageUnits(long octets) {
        return octets / UNIT;
    }

    /** The resources of the root {@link #ROOT}; call only when it exists ({@link #of}). */
    static List<QuotaResource> resources(StorageQuota quota) {
        long usage = (quota.usedOctets() + UNIT - 1) / UNIT;
        return List.of(new QuotaResource("STORAGE", usage, quota.limitOctets().getAsLong() / UNIT));
    }
}
