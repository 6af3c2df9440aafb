package org.postern.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The made certificate serves a real TLS handshake, and only TLS 1.2 and 1.3 are spoken. */
class TlsPolicyTest {

    @TempDir
    Path tmp;

    @Test
    void handshakesWithTls13AndRefusesTls11() throws Exception {
        X509Certificate made = SelfSignedCertificate.create("mail.example.test", tmp.resolve("c.pem"), tmp.resolve("k.pem"));
        TlsMaterial material = TlsMaterial.load(tmp.resolve("c.pem"), tmp.resolve("k.pem"));
        assertThat(material.certificate()).isEqualTo(made);
        assertThat(made.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList()).contains("mail.example.test", "localhost");

        SSLContext server = material.serverContext();
        SSLContext client = trusting(made);
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            listener.setSSLParameters(TlsPolicy.serverParameters());
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> acceptOne(listener));
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                s.setSSLParameters(TlsPolicy.clientParameters("HTTPS"));
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
            }
            accepted.join();

            CompletableFuture<Void> refused = CompletableFuture.runAsync(() -> acceptOne(listener));
            try (SSLSocket old = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                old.setEnabledProtocols(new String[] {"TLSv1.1"});
                assertThatThrownBy(old::startHandshake).isInstanceOf(IOException.class);
            }
            refused.handle((v, e) -> null).join();
        }
    }

    private static void acceptOne(SSLServerSocket listener) {
        try (SSLSocket s = (SSLSocket) listener.accept()) {
            s.startHandshake();
        } catch (IOException e) {
            // a refused handshake ends here
        }
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
