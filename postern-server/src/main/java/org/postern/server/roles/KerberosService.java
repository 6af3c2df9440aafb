package org.postern.server.roles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.postern.core.Role;
import org.postern.core.config.PosternConfig;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.Port;
import org.postern.kerberos.ClientConfig;
import org.postern.kerberos.EmbeddedKdc;
import org.postern.kerberos.KdcDatabase;
import org.postern.server.Foundation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded KDC, started with the Hub Transport role once a domain exists: the realm of the
 * first accepted domain ({@link KdcDatabase}, made on first use), service principals for the
 * server's host name in {@code <data>/krb5.keytab}, and the KDC on 88/tcp and 88/udp plus the
 * port offset. Started before the roles' listeners, so the one {@code Authenticator}
 * ({@link Foundation#authenticator()}) finds the keytab and offers GSSAPI. Without a domain
 * nothing starts (a domain added later counts at the next start). With an external realm
 * configured ({@link ExternalRealm}) nothing starts either.
 *
 * <p>Data paths: it declares no row of its own. In one process the Hub reaches the directory
 * by a method call (hub-directory, in-process, declared by {@link HubTransportRole}); the KDC's
 * port serves clients, whose rows (client-smtp, imap4, pop3) carry the Kerberos they get from
 * it. See docs/adr/0011-kerberos.md.
 */
public final class KerberosService implements RoleService { // a part of the Hub role, started by HubTransportRole

    private static final Logger LOG = LoggerFactory.getLogger(KerberosService.class);

    private final Foundation foundation;
    private EmbeddedKdc kdc;

    public KerberosService(Foundation foundation) {
        this.foundation = foundation;
    }

    @Override
    public Role role() {
        return Role.HUB;
    }

    @Override
    public void start() throws IOException {
        if (ExternalRealm.configured(foundation)) {
            return; // an external realm serves the tickets (ExternalRealm, prepared for every role)
        }
        List<String> domains = foundation.directory().acceptedDomains();
        if (domains.isEmpty() && KdcDatabase.open(foundation.folder().root()).isEmpty()) {
            LOG.info("no accepted domain yet: the KDC starts once one exists (at the next start)");
            return;
        }
        Path root = foundation.folder().root();
        KdcDatabase db = domains.isEmpty() ? KdcDatabase.open(root).orElseThrow()
                : KdcDatabase.openOrCreate(root, domains.getFirst());
        db.ensureServices(List.of(foundation.config().hostname()));
        int port = EmbeddedKdc.PORT + foundation.config().portOffset();
        // The JDK's own Kerberos (the GSSAPI acceptor) reads this file unless told another.
        Path conf = KdcDatabase.folder(root).resolve("krb5.conf");
        Files.writeString(conf, ClientConfig.krb5Conf(db.realm(), "127.0.0.1", port));
        if (System.getProperty("java.security.krb5.conf") == null) {
            System.setProperty("java.security.krb5.conf", conf.toString());
        }
        kdc = EmbeddedKdc.start(db, "0.0.0.0", port);
    }

    @Override
    public List<String> listening() {
        return kdc == null ? List.of() : kdc.listening();
    }

    @Override
    public List<DataPath> dataPaths() {
        return List.of();
    }

    /**
     * Where the realm's KDC answers: the embedded one on 88/tcp and 88/udp plus the offset, or
     * the first KDC an external realm names (88 unless it gives a port). The rows that use
     * Kerberos name these ports; the KDC carries no row of its own.
     */
    public static List<Port> kdcPorts(PosternConfig config) {
        if (config.kerberos().externalRealm().isEmpty()) {
            return List.of(Port.tcp(EmbeddedKdc.PORT, config.portOffset()), Port.udp(EmbeddedKdc.PORT, config.portOffset()));
        }
        String kdc = config.kerberos().kdcs().get(0);
        int colon = kdc.lastIndexOf(':');
        return List.of(Port.tcp(colon < 0 ? EmbeddedKdc.PORT : Integer.parseInt(kdc.substring(colon + 1)), 0));
    }

    @Override
    public void close() {
        if (kdc != null) {
            kdc.close();
        }
    }
}
