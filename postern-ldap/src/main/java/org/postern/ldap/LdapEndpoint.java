package org.postern.ldap;

import com.unboundid.ldap.listener.LDAPListener;
import com.unboundid.ldap.listener.LDAPListenerConfig;
import com.unboundid.ldap.listener.StartTLSRequestHandler;
import com.unboundid.ldap.listener.LDAPListenerClientConnection;
import com.unboundid.ldap.listener.LDAPListenerExceptionHandler;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.postern.auth.AuthContext;
import org.postern.auth.Authenticator;
import org.postern.core.datapath.AuthMethod;
import org.postern.core.datapath.Carrier;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.Encryption;
import org.postern.core.datapath.Port;
import org.postern.core.datapath.ReferencePath;
import org.postern.core.directory.Directory;

/**
 * The directory's LDAP endpoint (RFC 4511), read-only: 389 with StartTLS and 636 with TLS from
 * the first byte (both plus the port offset), serving the {@link AddressBook} to clients that
 * bind with a password under TLS. Built on the UnboundID LDAP SDK's listener: it reads and
 * writes the protocol; {@link AddressBookRequestHandler} decides.
 */
public final class LdapEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LdapEndpoint.class);

    public static final int LDAP_PORT = 389;
    public static final int LDAPS_PORT = 636;
    /** The most entries one search returns. */
    public static final int MAX_ENTRIES = 1000;
    /** Connections at once, per listener (the SDK gives each a thread). */
    public static final int MAX_CONNECTIONS = 512;
    /** The largest request accepted (a search filter, a bind). */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final List<LDAPListener> listeners;

    private LdapEndpoint(List<LDAPListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** Opens both listeners on {@code bind}; closes what it opened if the second cannot. */
    public static LdapEndpoint start(Directory directory, Authenticator authenticator, SSLContext tls,
                                     InetAddress bind, int portOffset) throws IOException {
        AddressBookSearch search = new AddressBookSearch(new AddressBook(directory), MAX_ENTRIES, saslMechanisms(authenticator));
        AddressBookRequestHandler handler = new AddressBookRequestHandler(search, authenticator);
        List<LDAPListener> started = new ArrayList<>();
        try {
            LDAPListenerConfig plain = config(LDAP_PORT + portOffset, bind,
                    new StartTLSRequestHandler(PolicyTls.startTls(tls), handler));
            started.add(listen(plain));
            LDAPListenerConfig ldaps = config(LDAPS_PORT + portOffset, bind, handler);
            ldaps.setServerSocketFactory(PolicyTls.implicit(tls));
            started.add(listen(ldaps));
        } catch (IOException | RuntimeException e) {
            started.forEach(l -> l.shutDown(true));
            throw e;
        }
        return new LdapEndpoint(started);
    }

    /** The SASL mechanisms a bind may use: GSSAPI when the authenticator offers it (a realm with a keytab). */
    public static List<String> saslMechanisms(Authenticator authenticator) {
        boolean kerberos = authenticator.mechanisms(new AuthContext("ldap", InetAddress.getLoopbackAddress(), true))
                .contains("GSSAPI");
        return kerberos ? List.of("GSSAPI") : List.of();
    }

    private static LDAPListenerConfig config(int port, InetAddress bind, com.unboundid.ldap.listener.LDAPListenerRequestHandler handler) {
        LDAPListenerConfig c = new LDAPListenerConfig(port, handler);
        c.setListenAddress(bind);
        c.setMaxConnections(MAX_CONNECTIONS);
        c.setMaxMessageSizeBytes(MAX_MESSAGE_BYTES);
        c.setUseReuseAddress(true);
        c.setExceptionHandler(new LDAPListenerExceptionHandler() {
            @Override
            public void connectionCreationFailure(Socket socket, Throwable cause) {
                LOG.debug("LDAP connection from {} not opened: {}", socket.getRemoteSocketAddress(), cause.toString());
            }

            @Override
            public void connectionTerminated(LDAPListenerClientConnection connection, LDAPException cause) {
                LOG.debug("LDAP connection {} ended: {}", connection.getConnectionID(), cause.getMessage());
            }
        });
        return c;
    }

    private static LDAPListener listen(LDAPListenerConfig config) throws IOException {
        LDAPListener listener = new LDAPListener(config);
        listener.startListening();
        return listener;
    }

    /** Where it listens, one line each. */
    public List<String> listening() {
        return List.of("LDAP " + where(listeners.get(0)) + " (StartTLS)", "LDAPS " + where(listeners.get(1)));
    }

    private static String where(LDAPListener l) {
        return l.getListenAddress().getHostAddress() + ":" + l.getListenPort();
    }

    /**
     * The data path the endpoint carries: LDAP on 389 (StartTLS) and 636 (LDAPS), Kerberos
     * (SASL GSSAPI) when offered and a simple bind (the reference's "basic"), both only inside
     * TLS. With Kerberos the realm's KDC ({@code kdcPorts}, 88 by the reference) is part of the
     * path, as the reference's directory rows count it.
     */
    public static DataPath dataPath(ReferencePath row, int portOffset, Authenticator authenticator, List<Port> kdcPorts) {
        boolean kerberos = !saslMechanisms(authenticator).isEmpty();
        List<Port> ports = new ArrayList<>(List.of(Port.tcp(LDAP_PORT, portOffset), Port.tcp(LDAPS_PORT, portOffset)));
        if (kerberos) {
            ports.addAll(kdcPorts);
        }
        return new DataPath(row, "ldap", Carrier.NETWORK, ports,
                kerberos ? List.of(AuthMethod.KERBEROS) : List.of(AuthMethod.BASIC),
                kerberos ? List.of(AuthMethod.KERBEROS, AuthMethod.BASIC) : List.of(AuthMethod.BASIC), Encryption.TLS, true);
    }

    @Override
    public void close() {
        listeners.forEach(l -> l.shutDown(true));
    }
}
