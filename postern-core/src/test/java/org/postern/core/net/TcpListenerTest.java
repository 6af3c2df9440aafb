package org.postern.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.tls.SelfSignedCertificate;
import org.postern.core.tls.TlsMaterial;

/** A line-echo protocol on a real listener: limits, implicit TLS, and STARTTLS that drops pipelined plain text. */
class TcpListenerTest {

    @TempDir
    Path tmp;

    /** Greets, echoes lines; "STARTTLS" upgrades, dropping anything buffered. */
    static final class Echo implements ConnectionHandler {
        private final SSLContext tls;

        Echo(SSLContext tls) {
            this.tls = tls;
        }

        @Override
        public void serve(Connection c) throws Exception {
            BufferedReader in = reader(c);
            write(c, "hello");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("STARTTLS")) {
                    write(c, "go ahead");
                    c.startTls(tls);
                    in = reader(c); // the old reader and what it buffered are dropped
                    write(c, "hello again");
                } else {
                    write(c, "echo " + line);
                }
            }
        }

        private static BufferedReader reader(Connection c) {
            return new BufferedReader(new InputStreamReader(c.input(), StandardCharsets.UTF_8));
        }

        private static void write(Connection c, String line) throws IOException {
            c.output().write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            c.output().flush();
        }

        @Override
        public void refuse(Connection c, Refusal refusal) throws IOException {
            write(c, "busy " + refusal);
        }
    }

    @Test
    void servesRefusesTheExcessAndUpgradesWithoutCarryingPlainText() throws Exception {
        TlsMaterial material = material();
        SSLContext server = material.serverContext();
        ConnectionLimits limits = ConnectionLimits.defaults().withMaxPerSource(2).withIdleTimeout(Duration.ofSeconds(10));
        try (TcpListener listener = new TcpListener("echo", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Optional.empty(), limits, new Echo(server))) {
            listener.start();
            int port = listener.localAddress().getPort();
            try (Socket a = new Socket(InetAddress.getLoopbackAddress(), port);
                 Socket b = new Socket(InetAddress.getLoopbackAddress(), port);
                 Socket c = new Socket(InetAddress.getLoopbackAddress(), port)) {
                BufferedReader ra = lines(a);
                assertThat(ra.readLine()).isEqualTo("hello");
                assertThat(lines(b).readLine()).isEqualTo("hello");
                assertThat(lines(c).readLine()).isEqualTo("busy TOO_MANY_FROM_SOURCE");
                assertThat(lines(c).readLine()).isNull();

                // STARTTLS with a command pipelined behind it in the same write.
                OutputStream out = a.getOutputStream();
                out.write("STARTTLS\r\nINJECTED\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(ra.readLine()).isEqualTo("go ahead");
                SSLSocket tls = (SSLSocket) trusting(material.certificate()).getSocketFactory()
                        .createSocket(a, "localhost", port, false);
                try {
                    tls.startHandshake();
                    BufferedReader rt = lines(tls);
                    assertThat(rt.readLine()).isEqualTo("hello again");
                    tls.getOutputStream().write("after\r\n".getBytes(StandardCharsets.US_ASCII));
                    tls.getOutputStream().flush();
                    assertThat(rt.readLine()).as("the injected line is never answered").isEqualTo("echo after");
                } catch (IOException handshakeRefused) {
                    // Also acceptable: the injected bytes broke the handshake; never executed.
                }
            }
        }
    }

    @Test
    void implicitTlsHandshakesBeforeTheSession() throws Exception {
        TlsMaterial material = material();
        try (TcpListener listener = new TcpListener("echos", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Optional.of(material.serverContext()), ConnectionLimits.defaults(), new Echo(material.serverContext()))) {
            listener.start();
            try (SSLSocket s = (SSLSocket) trusting(material.certificate()).getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.localAddress().getPort())) {
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
                assertThat(lines(s).readLine()).isEqualTo("hello");
            }
        }
    }

    @Test
    void anIdleClientIsDisconnected() throws Exception {
        TlsMaterial material = material();
        ConnectionLimits limits = ConnectionLimits.defaults().withIdleTimeout(Duration.ofMillis(300));
        try (TcpListener listener = new TcpListener("echo", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Optional.empty(), limits, new Echo(material.serverContext()))) {
            listener.start();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.localAddress().getPort())) {
                s.setSoTimeout(10_000);
                BufferedReader r = lines(s);
                assertThat(r.readLine()).isEqualTo("hello");
                assertThat(r.readLine()).isNull();
            }
        }
    }

    private TlsMaterial material() throws Exception {
        Path cert = tmp.resolve("c.pem");
        Path key = tmp.resolve("k.pem");
        if (!cert.toFile().exists()) {
            SelfSignedCertificate.create("localhost", cert, key);
        }
        return TlsMaterial.load(cert, key);
    }

    private static BufferedReader lines(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }
}
