package org.postern.ldap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.postern.core.tls.TlsPolicy;

/**
 * The server's TLS context in the shapes the SDK's listener takes — a socket factory for
 * StartTLS and a server socket factory for LDAPS — each socket held to {@link TlsPolicy}
 * (TLS 1.2 and 1.3, forward-secret AEAD suites) like every other listener.
 */
final class PolicyTls {

    private PolicyTls() {
    }

    /** For StartTLS: wraps the plain socket as the server side. */
    static SSLSocketFactory startTls(SSLContext context) {
        SSLSocketFactory delegate = context.getSocketFactory();
        return new SSLSocketFactory() {
            @Override
            public String[] getDefaultCipherSuites() {
                return TlsPolicy.CIPHER_SUITES.toArray(String[]::new);
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return delegate.getSupportedCipherSuites();
            }

            @Override
            public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
                SSLSocket tls = (SSLSocket) delegate.createSocket(s, host, port, autoClose);
                tls.setUseClientMode(false);
                tls.setSSLParameters(TlsPolicy.serverParameters());
                return tls;
            }

            @Override
            public Socket createSocket(String host, int port) {
                throw new UnsupportedOperationException("server side only");
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
                throw new UnsupportedOperationException("server side only");
            }

            @Override
            public Socket createSocket(InetAddress host, int port) {
                throw new UnsupportedOperationException("server side only");
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
                throw new UnsupportedOperationException("server side only");
            }
        };
    }

    /** For LDAPS: TLS from the first byte. */
    static ServerSocketFactory implicit(SSLContext context) {
        ServerSocketFactory delegate = context.getServerSocketFactory();
        return new ServerSocketFactory() {
            @Override
            public ServerSocket createServerSocket() throws IOException {
                return held(delegate.createServerSocket());
            }

            @Override
            public ServerSocket createServerSocket(int port) throws IOException {
                return held(delegate.createServerSocket(port));
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog) throws IOException {
                return held(delegate.createServerSocket(port, backlog));
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog, InetAddress bind) throws IOException {
                return held(delegate.createServerSocket(port, backlog, bind));
            }
        };
    }

    private static ServerSocket held(ServerSocket socket) {
        ((SSLServerSocket) socket).setSSLParameters(TlsPolicy.serverParameters());
        return socket;
    }
}
