package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;

/**
 * What a POP3 session runs over: a pair of streams, the peer's address, and TLS. A network
 * connection is one ({@link ConnectionChannel}); tests run sessions over any stream pair
 * (style rule 13).
 */
public interface Pop3Channel {

    InputStream input();

    /** Buffered: the session flushes after each response, or after a pipelined group. */
    OutputStream output();

    InetAddress remoteAddress();

    boolean isTls();

    /** Whether STLS can be offered: not yet TLS, and a TLS context is at hand. */
    boolean canStartTls();

    /**
     * Turns the channel into a TLS one (RFC 2595 section 4) after the {@code +OK} has been
     * flushed; {@link #input()} and {@link #output()} are new streams afterwards.
     */
    void startTls() throws IOException;
}
