package org.postern.protocols.smtp;

/**
 * A three-digit SMTP reply code (RFC 5321 section 4.2): the first digit says whether the
 * command succeeded (2), needs more input (3), failed for now (4) or failed for good (5); the
 * second its subject (section 4.2.1).
 */
public record ReplyCode(int value) {

    public ReplyCode {
        int first = value / 100;
        int second = value / 10 % 10;
        if (value < 200 || value > 599 || first < 2 || second > 5) {
            throw new IllegalArgumentException("not an SMTP reply code: " + value);
        }
    }

    public static ReplyCode of(int value) {
        return new ReplyCode(value);
    }

    /** 2yz: positive completion. */
    public boolean isPositive() {
        return value / 100 == 2;
    }

    /** 3yz: positive intermediate (354 after DATA, 334 during AUTH). */
    public boolean isIntermediate() {
        return value / 100 == 3;
    }

    /** 4yz: transient negative completion; the client may retry. */
    public boolean isTransientFailure() {
        return value / 100 == 4;
    }

    /** 5yz: permanent negative completion. */
    public boolean isPermanentFailure() {
        return value / 100 == 5;
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
