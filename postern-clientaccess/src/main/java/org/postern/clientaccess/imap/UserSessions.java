package org.postern.clientaccess.imap;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.postern.core.address.EmailAddress;

/**
 * How many IMAP sessions each user has open, bounded (a client opens a few per account; a
 * runaway one opens hundreds). A session takes a lease at login and closes it when it ends.
 */
public final class UserSessions {

    /** One session's place in the count. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    private final int maxPerUser;
    private final Map<EmailAddress, Integer> open = new ConcurrentHashMap<>();

    public UserSessions(int maxPerUser) {
        if (maxPerUser < 1) {
            throw new IllegalArgumentException("maxPerUser must be positive");
        }
        this.maxPerUser = maxPerUser;
    }

    /** A lease, or empty when the user has as many sessions as allowed. */
    public Optional<Lease> tryOpen(EmailAddress user) {
        boolean[] taken = {false};
        open.compute(user, (u, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxPerUser) {
                return n;
            }
            taken[0] = true;
            return count + 1;
        });
        if (!taken[0]) {
            return Optional.empty();
        }
        boolean[] closed = {false};
        return Optional.of(() -> {
            synchronized (closed) {
                if (closed[0]) {
                    return;
                }
                closed[0] = true;
            }
            open.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
        });
    }

    public int open(EmailAddress user) {
        return open.getOrDefault(user, 0);
    }
}
