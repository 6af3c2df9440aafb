package org.postern.kerberos;

import java.util.List;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.server.KdcServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded KDC (RFC 4120; Apache Kerby's KDC): serves the realm of a {@link KdcDatabase}
 * on TCP and UDP ({@value #PORT} plus the port offset), AS and TGS exchanges with
 * pre-authentication required, AES keys only. Its principals are read from the database at
 * every request, so users the command line adds or changes count at once.
 */
public final class EmbeddedKdc implements AutoCloseable {

    /** RFC 4120 section 7.2.1 (UDP) and 7.2.2 (TCP). */
    public static final int PORT = 88;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKdc.class);

    private final KdcServer server;
    private final KdcDatabase database;
    private final String host;
    private final int port;

    private EmbeddedKdc(KdcServer server, KdcDatabase database, String host, int port) {
        this.server = server;
        this.database = database;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts serving the database's realm.
     *
     * @param bindHost the address to listen on ({@code 0.0.0.0} for all)
     * @param port     the TCP and UDP port ({@value #PORT} plus the offset)
     */
    public static EmbeddedKdc start(KdcDatabase database, String bindHost, int port) {
        try {
            KdcServer server = new KdcServer(database.kdcConfig(), database.backendConfig());
            server.setKdcRealm(database.realm().name());
            server.setKdcHost(bindHost);
            server.setKdcTcpPort(port);
            server.setAllowTcp(true);
            server.setKdcUdpPort(port);
            server.setAllowUdp(true);
            server.init();
            server.start();
            LOG.info("KDC for realm {} on {}:{} (tcp and udp)", database.realm(), bindHost, port);
            return new EmbeddedKdc(server, database, bindHost, port);
        } catch (KrbException e) {
            throw new IllegalStateException("the KDC cannot start on port " + port + ": " + e.getMessage(), e);
        }
    }

    public KdcDatabase database() {
        return database;
    }

    public int port() {
        return port;
    }

    /** Where it listens, one line each. */
    public List<String> listening() {
        return List.of("Kerberos KDC (" + database.realm() + ") " + host + ":" + port + "/tcp",
                "Kerberos KDC (" + database.realm() + ") " + host + ":" + port + "/udp");
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (KrbException e) {
            LOG.warn("stopping the KDC: {}", e.getMessage());
        }
    }
}
