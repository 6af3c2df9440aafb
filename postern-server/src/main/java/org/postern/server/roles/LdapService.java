package org.postern.server.roles;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.postern.core.Role;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.ReferencePath;
import org.postern.ldap.LdapEndpoint;
import org.postern.server.Foundation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded directory's LDAP endpoint, started with the Hub Transport role once a domain
 * exists (the naming context is made from the first accepted domain): 389 with StartTLS and
 * 636 LDAPS plus the port offset, read-only, a simple bind under TLS through the one
 * {@code Authenticator}. It is the directory service of the hub-directory row: where the
 * reference's hubs reach Active Directory on 389, other servers and clients reach this one.
 * See docs/adr/0014-ldap.md.
 */
public final class LdapService implements RoleService { // a part of the Hub role, started by HubTransportRole

    private static final Logger LOG = LoggerFactory.getLogger(LdapService.class);

    private final Foundation foundation;
    private LdapEndpoint endpoint;

    public LdapService(Foundation foundation) {
        this.foundation = foundation;
    }

    @Override
    public Role role() {
        return Role.HUB;
    }

    /** Whether the endpoint serves (or, not started, would serve): a domain exists to name the tree. */
    private boolean serves() {
        return endpoint != null || (embedded() && !foundation.directory().acceptedDomains().isEmpty());
    }

    /** With an external directory (directory.ldap), that directory is the one on the wire, not this endpoint. */
    private boolean embedded() {
        return foundation.config().directory().external().isEmpty();
    }

    @Override
    public void start() throws IOException {
        if (!embedded()) {
            return;
        }
        if (foundation.directory().acceptedDomains().isEmpty()) {
            LOG.info("no accepted domain yet: the LDAP endpoint starts once one exists (at the next start)");
            return;
        }
        endpoint = LdapEndpoint.start(foundation.directory(), foundation.authenticator(), foundation.serverTlsContext(),
                new InetSocketAddress(0).getAddress(), foundation.config().portOffset());
    }

    @Override
    public List<String> listening() {
        return endpoint == null ? List.of() : endpoint.listening();
    }

    /**
     * The hub-directory row: the endpoint on the wire when it serves, else the in-process call
     * (the Hub itself always asks the embedded directory by a method call).
     */
    @Override
    public List<DataPath> dataPaths() {
        return List.of(serves() ? LdapEndpoint.dataPath(ReferencePath.HUB_DIRECTORY, foundation.config().portOffset(),
                foundation.authenticator(), KerberosService.kdcPorts(foundation.config()))
                : foundation.directoryPath(ReferencePath.HUB_DIRECTORY));
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
    }
}
