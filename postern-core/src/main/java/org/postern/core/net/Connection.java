package org.postern.core.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

/**
 * One connection a protocol session runs over: its streams, its peer, and TLS — from the first
 * byte (implicit TLS, RFC 8314) or negotiated mid-session (STARTTLS, RFC 3207; STLS,
 * RFC 2595). A {@link TcpListener} gives sessions socket connections; {@link StreamConnection}
 * runs a session over any pair of streams (tests, transcripts — STYLE.md point 13).
 *
 * <p>After {@link #startTls}, {@link #input()} and {@link #output()} are new streams over the
 * TLS socket. Whatever the caller had buffered from the plain-text stream must be dropped, not
 * carried over: bytes a client pipelined before the handshake are never read as commands
 * (CVE-2011-0411).
 */
public interface Connection extends Closeable {

    /** Where the peer connects from. */
    InetSocketAddress remote();

    default InetAddress remoteAddress() {
        return remote().getAddress();
    }

    /** The address and port the peer connected to. */
    InetSocketAddress local();

    /** The name of the listener that accepted it ("SMTP", "submission", "IMAPS", …). */
    String listenerName();

    /** The input stream; protocol readers buffer it themselves. */
    InputStream input();

    /** A buffered stream: flush after each reply (or pipelined group of replies). */
    OutputStream output();

    default boolean isTls() {
        return tlsSession().isPresent();
    }

    /** The TLS session, once TLS is on. */
    Optional<SSLSession> tlsSession();

    /** Sets how long a read may wait for the peer before it fails with a timeout. */
    void setIdleTimeout(Duration timeout) throws IOException;

    /**
     * Turns the connection into a TLS one, as the server side, and completes the handshake.
     * The caller has flushed its reply ("220 Ready to start TLS") and drops everything it had
     * buffered from the old input stream.
     */
    void startTls(SSLContext context) throws IOException;
}
