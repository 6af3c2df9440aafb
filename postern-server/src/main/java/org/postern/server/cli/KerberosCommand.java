package org.postern.server.cli;

import java.util.List;
import java.util.Optional;
import org.postern.core.address.EmailAddress;
import org.postern.core.config.KerberosConfig;
import org.postern.kerberos.ClientConfig;
import org.postern.kerberos.EmbeddedKdc;
import org.postern.kerberos.KdcDatabase;
import org.postern.kerberos.KerberosRealm;
import org.postern.server.Foundation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code postern kerberos client-config}: the embedded realm for clients. Also the hooks of
 * {@code postern user add|passwd|remove}, which give a user's principal the keys of its new
 * password — written straight into the KDC's database in the data folder, which the running
 * KDC reads at every request (no queue, no message to the server).
 */
@Command(name = "kerberos", description = "The embedded Kerberos realm.", mixinStandardHelpOptions = true,
        subcommands = {KerberosCommand.ClientConfigCommand.class})
public final class KerberosCommand {

    @Command(name = "client-config", description = "Print the krb5.conf a client needs for this realm.",
            mixinStandardHelpOptions = true)
    static final class ClientConfigCommand extends AdminCommand {
        @Option(names = "--kdc", paramLabel = "HOST", description = "The KDC's host name as clients reach it (default: the server's host name).")
        String kdcHost;

        @Option(names = "--port-offset", paramLabel = "N", description = "Port offset instead of the configured one.")
        Integer portOffset;

        @Override
        protected void execute(Foundation foundation) {
            KerberosConfig external = foundation.config().kerberos();
            if (external.externalRealm().isPresent()) { // the configured realm's own KDCs
                out().print(ClientConfig.krb5Conf(new KerberosRealm(external.realm()), external.kdcs()));
                return;
            }
            KdcDatabase db = database(foundation)
                    .orElseThrow(() -> new UserError("no Kerberos realm yet: add a domain first (postern domain add DOMAIN)"));
            int offset = portOffset != null ? portOffset : foundation.config().portOffset();
            out().print(ClientConfig.krb5Conf(db.realm(), kdcHost != null ? kdcHost : foundation.config().hostname(),
                    EmbeddedKdc.PORT + offset));
        }
    }

    /**
     * The embedded realm's database: the existing one, or one made for the first accepted domain;
     * empty without a domain, and with an external realm.
     */
    static Optional<KdcDatabase> database(Foundation foundation) {
        if (foundation.config().kerberos().externalRealm().isPresent()) {
            return Optional.empty(); // an external realm's administrator keeps its principals
        }
        Optional<KdcDatabase> existing = KdcDatabase.open(foundation.folder().root());
        if (existing.isPresent()) {
            return existing;
        }
        List<String> domains = foundation.directory().acceptedDomains();
        return domains.isEmpty() ? Optional.empty()
                : Optional.of(KdcDatabase.openOrCreate(foundation.folder().root(), domains.getFirst()));
    }

    /** {@code user add} and {@code user passwd}: the user's principal gets keys from this password. */
    static void passwordSet(Foundation foundation, EmailAddress user, char[] password) {
        database(foundation).ifPresent(db -> db.setPassword(user, password));
    }

    /** {@code user remove}: the user's principal goes too. */
    static void userRemoved(Foundation foundation, EmailAddress user) {
        KdcDatabase.open(foundation.folder().root()).ifPresent(db -> db.remove(user));
    }
}
