package org.postern.core.testing;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The client-side TLS context of the hand-driven test clients (raw SMTP, IMAP, POP3 lines): it
 * trusts whatever certificate the server shows, as the servers under test present a
 * self-signed one made at first start. For tests only — it checks nothing.
 */
public final class TrustAnyCertificate {

    private TrustAnyCertificate() {
    }

    /** A fresh TLS context whose trust manager accepts every server certificate. */
    public static SSLContext context() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }
}
