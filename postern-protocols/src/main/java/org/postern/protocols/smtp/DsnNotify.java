package org.postern.protocols.smtp;

/**
 * A value of the NOTIFY parameter of RCPT (RFC 3461 section 4.1): NEVER alone, or any of
 * SUCCESS, FAILURE and DELAY.
 */
public enum DsnNotify {
    NEVER,
    SUCCESS,
    FAILURE,
    DELAY
}
