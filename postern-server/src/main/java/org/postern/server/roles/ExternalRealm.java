package org.postern.server.roles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.postern.core.config.KerberosConfig;
import org.postern.kerberos.ClientConfig;
import org.postern.kerberos.KerberosRealm;
import org.postern.server.Foundation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An external Kerberos realm ({@code kerberos.realm} in {@code postern.yaml}): MIT Kerberos,
 * Heimdal or Active Directory serves the tickets, an administrator exported this server's
 * service principals to {@code kerberos.keytab}, and no embedded KDC runs. Prepared once per
 * process, whatever its roles, before any listener: the keytab must be readable (a server that
 * would offer GSSAPI and then fail every attempt does not start), and the JDK's Kerberos is
 * pointed at {@code <data>/krb5.conf}, written from the configured realm and KDCs (unless
 * {@code java.security.krb5.conf} is already set).
 */
public final class ExternalRealm {

    /** The JDK's krb5.conf for an external realm, in the data folder. */
    public static final String KRB5_CONF = "krb5.conf";

    private static final Logger LOG = LoggerFactory.getLogger(ExternalRealm.class);

    private ExternalRealm() {
    }

    /** Whether the configuration names an external realm. */
    public static boolean configured(Foundation foundation) {
        return foundation.config().kerberos().externalRealm().isPresent();
    }

    /** Checks the keytab and writes the JDK's krb5.conf; does nothing for the embedded KDC. */
    public static void prepare(Foundation foundation) throws IOException {
        KerberosConfig k = foundation.config().kerberos();
        if (k.externalRealm().isEmpty()) {
            return;
        }
        KerberosRealm realm = new KerberosRealm(k.realm());
        Path keytab = foundation.folder().resolve(k.keytab());
        if (!Files.isReadable(keytab)) {
            throw new IOException("kerberos.keytab " + keytab + " cannot be read");
        }
        Path conf = foundation.folder().root().resolve(KRB5_CONF);
        Files.writeString(conf, ClientConfig.krb5Conf(realm, k.kdcs()));
        if (System.getProperty("java.security.krb5.conf") == null) {
            System.setProperty("java.security.krb5.conf", conf.toString());
        }
        LOG.info("external Kerberos realm {}: KDCs {}, keytab {}; no embedded KDC", realm, k.kdcs(), keytab);
    }
}
