package org.postern.transport.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.postern.core.net.Connection;

/**
 * What a session needs of its connection, so that it runs over a real {@link Connection} or
 * over any pair of streams in a test (style rule 13).
 */
interface SmtpChannel {

    InputStream input();

    /** Buffered; the session flushes after each reply or group of pipelined replies. */
    OutputStream output();

    InetAddress remoteAddress();

    /** The TLS session, once TLS is on. */
    Optional<SSLSession> tlsSession();

    /** Sets how long a read waits for the peer before a {@link java.net.SocketTimeoutException}. */
    void setReadTimeout(Duration timeout) throws IOException;

    /** Server-side TLS handshake on the connection; {@link #input()} and {@link #output()} change. */
    void startTls(SSLContext context) throws IOException;

    /** Over a connection accepted by a {@link org.postern.core.net.TcpListener}. */
    static SmtpChannel of(Connection connection) {
        return new SmtpChannel() {
            @Override
            public InputStream input() {
                return connection.input();
            }

            @Override
            public OutputStream output() {
                return connection.output();
            }

            @Override
            public InetAddress remoteAddress() {
                return connection.remoteAddress();
            }

            @Override
            public Optional<SSLSession> tlsSession() {
                return connection.tlsSession();
            }

            @Override
            public void setReadTimeout(Duration timeout) throws IOException {
                connection.setIdleTimeout(timeout);
            }

            @Override
            public void startTls(SSLContext context) throws IOException {
                connection.startTls(context);
            }

            @Override
            public String toString() {
                return connection.toString();
            }
        };
    }
}
