package org.postern.transport.queue;

import java.util.Locale;

/**
 * The name of a queued message: short, printable, unique on this transport server across
 * restarts, and ordered by arrival. It is 63 bits — the arrival millisecond since the epoch
 * shifted left by {@value #COUNTER_BITS} bits plus a counter within that millisecond — shown as
 * 13 characters of Crockford's base32 (digits, then letters without I, L, O, U), so the
 * text sorts as the number does. It names the message in the Received header's {@code id}
 * clause (RFC 5321 section 4.4), in logs and message tracking, and with a recipient in the
 * mailbox store's delivery key, which makes delivery idempotent after a crash.
 *
 * @param value the number; never negative
 */
public record QueueId(long value) implements Comparable<QueueId> {

    /** Bits of the counter within one millisecond. */
    static final int COUNTER_BITS = 20;

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int LENGTH = 13;

    public QueueId {
        if (value < 0) {
            throw new IllegalArgumentException("negative queue id");
        }
    }

    /**
     * Reads the text form, as an administrator types it ({@code postern queue show ID}); case
     * does not matter.
     *
     * @throws IllegalArgumentException when it is not 13 base32 characters
     */
    public static QueueId parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.length() != LENGTH) {
            throw new IllegalArgumentException("a queue id has " + LENGTH + " characters: " + text);
        }
        long v = 0;
        for (int i = 0; i < LENGTH; i++) {
            int digit = ALPHABET.indexOf(t.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("not a queue id: " + text);
            }
            v = (v << 5) | digit;
        }
        if (t.charAt(0) > '7') {
            throw new IllegalArgumentException("queue id out of range: " + text);
        }
        return new QueueId(v);
    }

    /** The arrival millisecond since the epoch this id was made in (or later, under load). */
    public long epochMilli() {
        return value >>> COUNTER_BITS;
    }

    @Override
    public int compareTo(QueueId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        char[] c = new char[LENGTH];
        long v = value;
        for (int i = LENGTH - 1; i >= 0; i--) {
            c[i] = ALPHABET.charAt((int) (v & 31));
            v >>>= 5;
        }
        return new String(c);
    }
}
