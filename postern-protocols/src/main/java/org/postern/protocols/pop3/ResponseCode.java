package org.postern.protocols.pop3;

/**
 * The extended response codes a POP3 server puts in brackets after {@code -ERR}: RFC 2449
 * section 8 (IN-USE, LOGIN-DELAY) and RFC 3206 (SYS/TEMP, SYS/PERM, AUTH). Advertised by the
 * capabilities {@code RESP-CODES} and {@code AUTH-RESP-CODE}.
 */
public enum ResponseCode {
    /** The maildrop is locked by another session (RFC 2449 section 8.1.1). */
    IN_USE("IN-USE"),
    /** Logged in too recently, or throttled after failures: try later (RFC 2449 section 8.1.2). */
    LOGIN_DELAY("LOGIN-DELAY"),
    /** A temporary system problem (RFC 3206 section 4). */
    SYS_TEMP("SYS/TEMP"),
    /** A permanent system problem (RFC 3206 section 4). */
    SYS_PERM("SYS/PERM"),
    /** The failure is about the credentials or the authentication itself (RFC 3206 section 5). */
    AUTH("AUTH");

    private final String wire;

    ResponseCode(String wire) {
        this.wire = wire;
    }

    /** As sent, without brackets: {@code SYS/TEMP}. */
    public String wire() {
        return wire;
    }
}
