package org.postern.transport.relay;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idle client connections per destination, so that the next message to the same place
 * goes over the connection the last one used (as Postfix's connection cache does) instead of
 * a new TCP and TLS handshake. A connection waits at most the idle time, then a reaper says
 * QUIT; a connection that has carried the settings' maximum of messages is not kept. The SMTP
 * relay keeps one per next hop; LMTP delivery one for the mailbox server.
 */
final class ConnectionCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCache.class);

    private record Idle(SmtpClient client, Instant since) {
    }

    private final Duration idleTime;
    private final int maxTransactions;
    private final Clock clock;
    private final Map<String, Deque<Idle>> idle = new HashMap<>();
    private final Thread reaper;
    private boolean closed;

    ConnectionCache(Duration idleTime, int maxTransactions, Clock clock) {
        this.idleTime = idleTime;
        this.maxTransactions = maxTransactions;
        this.clock = clock;
        this.reaper = Thread.ofVirtual().name("postern-relay-cache").start(this::reap);
    }

    /**
     * A kept connection to the destination, ready for the next transaction: it answered RSET
     * (RFC 5321 section 4.1.1.5) positively. Kept connections that no longer do (the server
     * closed them, or its idle timeout did) are closed on the way.
     */
    Optional<SmtpClient> takeReady(String destination) {
        for (Optional<SmtpClient> kept = take(destination); kept.isPresent(); kept = take(destination)) {
            SmtpClient c = kept.get();
            try {
                if (c.rset().code().isPositive()) {
                    return kept;
                }
                LOG.debug("kept connection to {} refused RSET", c.peer());
            } catch (IOException e) {
                LOG.debug("kept connection to {} is gone: {}", c.peer(), e.getMessage());
            }
            c.close();
        }
        return Optional.empty();
    }

    /** A connection to the destination that has waited less than the idle time, most recent first. */
    private Optional<SmtpClient> take(String destination) {
        List<SmtpClient> stale = new ArrayList<>();
        Optional<SmtpClient> found = Optional.empty();
        synchronized (this) {
            Deque<Idle> q = idle.get(destination);
            while (q != null && !q.isEmpty()) {
                Idle i = q.pollFirst();
                if (expired(i)) {
                    stale.add(i.client());
                } else {
                    found = Optional.of(i.client());
                    break;
                }
            }
        }
        stale.forEach(SmtpClient::quit);
        return found;
    }

    /** Keeps a connection that finished its transaction cleanly, or closes it when it has done enough. */
    void give(String destination, SmtpClient client) {
        synchronized (this) {
            if (!closed && client.transactions() < maxTransactions) {
                idle.computeIfAbsent(destination, d -> new ArrayDeque<>()).addFirst(new Idle(client, clock.instant()));
                return;
            }
        }
        client.quit();
    }

    /** How many connections wait now (tests). */
    synchronized int size() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    private boolean expired(Idle i) {
        return !clock.instant().isBefore(i.since().plus(idleTime));
    }

    private void reap() {
        long pause = Math.max(50, idleTime.toMillis() / 2);
        while (true) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            List<SmtpClient> stale = new ArrayList<>();
            synchronized (this) {
                if (closed) {
                    return;
                }
                for (Deque<Idle> q : idle.values()) {
                    for (Iterator<Idle> it = q.iterator(); it.hasNext(); ) {
                        Idle i = it.next();
                        if (expired(i)) {
                            stale.add(i.client());
                            it.remove();
                        }
                    }
                }
                idle.values().removeIf(Deque::isEmpty);
            }
            stale.forEach(SmtpClient::quit);
        }
    }

    @Override
    public void close() {
        List<SmtpClient> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(q -> q.forEach(i -> all.add(i.client())));
            idle.clear();
        }
        reaper.interrupt();
        all.forEach(SmtpClient::quit);
    }
}
