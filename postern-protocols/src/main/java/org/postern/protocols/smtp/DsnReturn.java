package org.postern.protocols.smtp;

/** The RET parameter of MAIL (RFC 3461 section 4.3): what a failure notice carries back. */
public enum DsnReturn {
    /** The whole message. */
    FULL,
    /** Only its headers. */
    HDRS
}
