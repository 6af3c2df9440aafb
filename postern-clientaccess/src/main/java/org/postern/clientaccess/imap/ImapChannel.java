package org.postern.clientaccess.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;

/**
 * What an IMAP session runs over: a network connection, or any input/output stream pair in
 * tests (style rule 13). After {@link #startTls()} the streams are new ones over TLS.
 */
public interface ImapChannel {

    InputStream input();

    OutputStream output();

    InetAddress remoteAddress();

    boolean isTls();

    /** True when STARTTLS may be offered: not yet TLS and the listener has a context for it. */
    boolean canStartTls();

    /** Completes the TLS handshake as the server; {@link #input()} and {@link #output()} change. */
    void startTls() throws IOException;
}
