package org.postern.core.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A server's certificate chain and private key, read from PEM files, and the
 * {@link SSLContext} every listener of the server shares.
 */
public record TlsMaterial(List<X509Certificate> chain, PrivateKey privateKey) {

    public TlsMaterial {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate in the chain");
        }
    }

    /** Reads a PEM certificate chain (leaf first) and a PEM private key (PKCS#8 or PKCS#1). */
    public static TlsMaterial load(Path certificateFile, Path privateKeyFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object o : readPem(certificateFile)) {
            if (o instanceof X509CertificateHolder holder) {
                chain.add(converter.getCertificate(holder));
            }
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + certificateFile);
        }
        PrivateKey key = null;
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        for (Object o : readPem(privateKeyFile)) {
            if (o instanceof PEMKeyPair pair) {
                key = keys.getPrivateKey(pair.getPrivateKeyInfo());
            } else if (o instanceof PrivateKeyInfo info) {
                key = keys.getPrivateKey(info);
            }
        }
        if (key == null) {
            throw new GeneralSecurityException("no unencrypted private key in " + privateKeyFile);
        }
        return new TlsMaterial(chain, key);
    }

    private static List<Object> readPem(Path file) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(in)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                objects.add(o);
            }
        }
        return objects;
    }

    /** The leaf certificate: the server's own. */
    public X509Certificate certificate() {
        return chain.getFirst();
    }

    /** A context serving this chain, for every TLS listener and for STARTTLS. */
    public SSLContext serverContext() throws GeneralSecurityException {
        char[] password = new char[0];
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, password);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        store.setKeyEntry("postern", privateKey, password, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, new SecureRandom());
        return context;
    }
}
