package org.postern.clientaccess.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.postern.core.net.Connection;

/** An {@link ImapChannel} over an accepted network {@link Connection}. */
final class ConnectionChannel implements ImapChannel {

    private final Connection connection;
    private final Optional<SSLContext> startTls;

    /** @param startTls the context for STARTTLS, empty when the listener offers none */
    ConnectionChannel(Connection connection, Optional<SSLContext> startTls) {
        this.connection = connection;
        this.startTls = startTls;
    }

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
    public boolean isTls() {
        return connection.isTls();
    }

    @Override
    public boolean canStartTls() {
        return !connection.isTls() && startTls.isPresent();
    }

    @Override
    public void startTls() throws IOException {
        connection.startTls(startTls.orElseThrow(() -> new IllegalStateException("no STARTTLS on this listener")));
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
