package org.postern.ldap.external;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import org.postern.core.directory.DirectoryUnavailableException;

/**
 * Connections to the external directory, always encrypted: LDAPS, or StartTLS before anything
 * else on {@code ldap://}; the server's name checked against its certificate. Searches run on a
 * small pool bound as the service account; a connection the server dropped (a restart) is
 * replaced and the search retried once by the pool. Every failure to reach the server is a
 * {@link DirectoryUnavailableException}. A user's password is checked by a bind as that user
 * on a connection of its own, closed at once.
 */
final class LdapConnector implements AutoCloseable {

    /** A directory that does not answer must not hold an SMTP RCPT for long. */
    static final int CONNECT_TIMEOUT_MILLIS = 3_000;
    static final int RESPONSE_TIMEOUT_MILLIS = 5_000;
    static final int MAX_CONNECTIONS = 8;
    /** After a failure, the directory is asked again only this much later; meanwhile callers get the failure at once. */
    static final long RETRY_AFTER_NANOS = 2_000_000_000L;

    private volatile long quietUntil = System.nanoTime();

    private final String host;
    private final int port;
    private final boolean implicitTls;
    private final SSLContext tls;
    private final LDAPConnectionPool pool;

    LdapConnector(String host, int port, boolean implicitTls, SSLContext tls, Optional<BindRequest> serviceBind) {
        this.host = host;
        this.port = port;
        this.implicitTls = implicitTls;
        this.tls = tls;
        try {
            // No connection at start (the directory may be down then); made on first use, and again after a failure.
            this.pool = new LDAPConnectionPool(new SingleServerSet(host, port, socketFactory(), options()),
                    serviceBind.orElse(null), 0, MAX_CONNECTIONS, 1, implicitTls ? null : new StartTLSPostConnectProcessor(tls), false);
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot set up the LDAP connection pool: " + e.getMessage(), e);
        }
        pool.setRetryFailedOperationsDueToInvalidConnections(true);
        pool.setCreateIfNecessary(true);
        pool.setMaxWaitTimeMillis(RESPONSE_TIMEOUT_MILLIS);
    }

    private SocketFactory socketFactory() {
        return implicitTls ? tls.getSocketFactory() : SocketFactory.getDefault();
    }

    private static LDAPConnectionOptions options() {
        LDAPConnectionOptions o = new LDAPConnectionOptions();
        o.setConnectTimeoutMillis(CONNECT_TIMEOUT_MILLIS);
        o.setResponseTimeoutMillis(RESPONSE_TIMEOUT_MILLIS);
        o.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        return o;
    }

    /** The entries under {@code base} (subtree) that match; empty when the base does not exist. */
    List<SearchResultEntry> search(String base, Filter filter, String... attributes) {
        answering();
        try {
            SearchResult result = pool.search(new SearchRequest(base, SearchScope.SUB, filter, attributes));
            return result.getSearchEntries();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return List.of();
            }
            throw unavailable(e);
        }
    }

    /** One entry by its DN; empty when there is none. */
    Optional<SearchResultEntry> read(String dn, String... attributes) {
        answering();
        try {
            return Optional.ofNullable(pool.getEntry(dn, attributes));
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return Optional.empty();
            }
            throw unavailable(e);
        }
    }

    /** Whether the directory accepts this password for this DN (a simple bind as the user). */
    boolean passwordMatches(String dn, char[] password) {
        answering();
        try (LDAPConnection c = new LDAPConnection(socketFactory(), options(), host, port)) {
            if (!implicitTls) {
                ResultCode started = c.processExtendedOperation(new StartTLSExtendedRequest(tls)).getResultCode();
                if (started != ResultCode.SUCCESS) {
                    throw new DirectoryUnavailableException("the directory refused StartTLS: " + started, null);
                }
            }
            byte[] bytes = new String(password).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try {
                c.bind(new SimpleBindRequest(dn, bytes));
                return true;
            } finally {
                java.util.Arrays.fill(bytes, (byte) 0);
            }
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS || e.getResultCode() == ResultCode.UNWILLING_TO_PERFORM
                    || e.getResultCode() == ResultCode.INAPPROPRIATE_AUTHENTICATION) {
                return false;
            }
            throw unavailable(e);
        }
    }

    private void answering() {
        if (System.nanoTime() - quietUntil < 0) {
            throw new DirectoryUnavailableException("the LDAP directory " + host + ":" + port + " did not answer a moment ago", null);
        }
    }

    private DirectoryUnavailableException unavailable(LDAPException e) {
        quietUntil = System.nanoTime() + RETRY_AFTER_NANOS;
        return new DirectoryUnavailableException("the LDAP directory " + host + ":" + port + " does not answer: "
                + e.getResultCode() + " " + e.getMessage(), e);
    }

    static SSLContext clientContext(javax.net.ssl.TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust == null ? null : new javax.net.ssl.TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS context: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
