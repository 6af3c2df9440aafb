package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.postern.core.net.Connection;

/** A {@link Pop3Channel} over an accepted network {@link Connection}. */
final class ConnectionChannel implements Pop3Channel {

    private final Connection connection;
    private final Optional<SSLContext> stls;

    /** @param stls the context for STLS, empty when the listener offers none */
    ConnectionChannel(Connection connection, Optional<SSLContext> stls) {
        this.connection = connection;
        this.stls = stls;
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
        return !connection.isTls() && stls.isPresent();
    }

    @Override
    public void startTls() throws IOException {
        connection.startTls(stls.orElseThrow(() -> new IllegalStateException("no STLS on this listener")));
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
