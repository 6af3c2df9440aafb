package org.postern.clientaccess.pop3;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/** A session's channel over a scripted input and a captured output (no STLS). */
class StreamChannel implements Pop3Channel {

    private final InputStream in;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean tls;

    StreamChannel(byte[] script, boolean tls) {
        this.in = new ByteArrayInputStream(script);
        this.tls = tls;
    }

    static StreamChannel script(boolean tls, String... lines) {
        return new StreamChannel((String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8), tls);
    }

    String transcript() {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public InetAddress remoteAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public boolean isTls() {
        return tls;
    }

    @Override
    public boolean canStartTls() {
        return false;
    }

    @Override
    public void startTls() {
        throw new UnsupportedOperationException();
    }
}
