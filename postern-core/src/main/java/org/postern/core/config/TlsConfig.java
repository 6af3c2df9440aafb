package org.postern.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The server's certificate chain and private key, PEM files, relative to the data folder
 * unless absolute. On first start a self-signed pair for the host name is made there.
 */
public record TlsConfig(
        @JsonProperty("certificate") String certificate,
        @JsonProperty("private_key") String privateKey) {

    public static TlsConfig defaults() {
        return new TlsConfig("tls/certificate.pem", "tls/private-key.pem");
    }
}
