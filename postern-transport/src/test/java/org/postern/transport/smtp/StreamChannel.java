package org.postern.transport.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

/** A session's channel over a plain pair of streams (style rule 13): no socket, no TLS. */
record StreamChannel(InputStream input, OutputStream output, InetAddress remoteAddress) implements SmtpChannel {

    @Override
    public Optional<SSLSession> tlsSession() {
        return Optional.empty();
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        // a stream pair has no timeouts
    }

    @Override
    public void startTls(SSLContext context) throws IOException {
        throw new IOException("no TLS over a stream pair");
    }
}
