package org.postern.transport.relay;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client side of STARTTLS (RFC 3207) for each {@link TlsPolicy}. Under
 * {@link TlsPolicy#REQUIRE} the server's chain must lead to an authority the JDK trusts or
 * one of the configured extra anchors, and name the host (RFC 6125 as the JDK's
 * {@code HTTPS} endpoint identification does it: DNS names, wildcards, IP addresses).
 * Under {@link TlsPolicy#OPPORTUNISTIC} any certificate is accepted — encryption against a
 * passive observer, as every MTA does it (RFC 7435); refusing a self-signed MX would only
 * push the mail to plain text.
 */
final class ClientTls {

    private final SSLContext verifying;
    private final SSLContext anyCertificate;

    private ClientTls(SSLContext verifying, SSLContext anyCertificate) {
        this.verifying = verifying;
        this.anyCertificate = anyCertificate;
    }

    /** The JDK's authorities, plus every certificate in {@code extraAnchors} (PEM), when given. */
    static ClientTls create(Optional<Path> extraAnchors) throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance(new File(System.getProperty("java.home"), "lib/security/cacerts"), (char[]) null);
            if (extraAnchors.isPresent()) {
                List<? extends Certificate> certs;
                try (InputStream in = Files.newInputStream(extraAnchors.get())) {
                    certs = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
                }
                int i = 0;
                for (Certificate c : certs) {
                    trust.setCertificateEntry("postern-extra-" + i++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext verifying = SSLContext.getInstance("TLS");
            verifying.init(null, tmf.getTrustManagers(), null);
            SSLContext any = SSLContext.getInstance("TLS");
            any.init(null, new TrustManager[] {new AnyCertificate()}, null);
            return new ClientTls(verifying, any);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up client TLS: " + e.getMessage(), e);
        }
    }

    /** Wraps a connected socket and completes the handshake; throws when the policy's checks fail. */
    SSLSocket handshake(Socket plain, NextHop hop, TlsPolicy policy) throws IOException {
        SSLContext context = policy == TlsPolicy.REQUIRE ? verifying : anyCertificate;
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, hop.host(), hop.port(), true);
        tls.setUseClientMode(true);
        // Required TLS speaks Postern's own versions and suites; opportunistic TLS takes what the
        // JDK allows, since a failed handshake there would only mean plain text.
        SSLParameters params = policy == TlsPolicy.REQUIRE
                ? org.postern.core.tls.TlsPolicy.clientParameters("HTTPS") : tls.getSSLParameters();
        if (isDnsName(hop.host())) {
            params.setServerNames(List.of(new SNIHostName(hop.host())));
        }
        tls.setSSLParameters(params);
        tls.startHandshake();
        return tls;
    }

    private static boolean isDnsName(String host) {
        return !host.isEmpty() && host.indexOf(':') < 0 && !host.matches("[0-9.]+") && !host.endsWith(".");
    }

    /** Accepts every chain: opportunistic TLS only. */
    private static final class AnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // opportunistic: any certificate
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // opportunistic: any certificate
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // opportunistic: any certificate
        }
    }
}
