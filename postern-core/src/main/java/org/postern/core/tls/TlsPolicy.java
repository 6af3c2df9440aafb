package org.postern.core.tls;

import java.util.List;
import javax.net.ssl.SSLParameters;

/**
 * The TLS every Postern path speaks: TLS 1.3 and 1.2 only (DESIGN.md, "Secure by default"),
 * with the JDK's default suites for those versions, which are all forward-secret AEAD suites
 * for 1.3 and, for 1.2, restricted here to ECDHE with AES-GCM or ChaCha20-Poly1305.
 */
public final class TlsPolicy {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {
    }

    /** Parameters for a server side: the versions and suites above, the server's order preferred. */
    public static SSLParameters serverParameters() {
        SSLParameters p = new SSLParameters();
        p.setProtocols(PROTOCOLS.toArray(String[]::new));
        p.setCipherSuites(CIPHER_SUITES.toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        return p;
    }

    /** Parameters for a client side; {@code endpointIdentification} is "HTTPS" to check the peer's name. */
    public static SSLParameters clientParameters(String endpointIdentification) {
        SSLParameters p = serverParameters();
        p.setUseCipherSuitesOrder(false);
        p.setEndpointIdentificationAlgorithm(endpointIdentification);
        return p;
    }
}
