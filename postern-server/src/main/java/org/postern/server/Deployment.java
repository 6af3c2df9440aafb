package org.postern.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postern.core.Role;
import org.postern.core.config.PosternConfig;
import org.postern.core.datapath.DataPathTable;
import org.postern.server.roles.ClientAccessRole;
import org.postern.server.roles.HubTransportRole;
import org.postern.server.roles.MailboxRole;
import org.postern.server.roles.RoleService;
import org.postern.server.roles.UnbuiltRole;

/**
 * The roles of one process, wired in plain code from the configuration: which role objects
 * exist, and what they are given. Its data path table is what those objects declare.
 */
public final class Deployment implements AutoCloseable {

    private final PosternConfig config;
    private final List<RoleService> roles;

    private Deployment(PosternConfig config, List<RoleService> roles) {
        this.config = config;
        this.roles = List.copyOf(roles);
    }

    public static Deployment assemble(PosternConfig config, Foundation foundation) {
        Set<Role> wanted = config.roleSet();
        List<RoleService> roles = new ArrayList<>();
        Optional<HubTransportRole> hub = wanted.contains(Role.HUB)
                ? Optional.of(new HubTransportRole(foundation, wanted.contains(Role.MAILBOX))) : Optional.empty();
        for (Role role : wanted) {
            switch (role) {
                case HUB -> roles.add(hub.orElseThrow());
                case MAILBOX -> {
                    MailboxRole mailbox = new MailboxRole(foundation, hub);
                    hub.ifPresent(h -> h.afterFinalDelivery(mailbox.autoResponder()));
                    roles.add(mailbox);
                }
                case CAS -> roles.add(new ClientAccessRole(foundation, config, wanted.contains(Role.MAILBOX)));
                case EDGE, UM -> roles.add(new UnbuiltRole(role));
            }
        }
        return new Deployment(config, roles);
    }

    public PosternConfig config() {
        return config;
    }

    public List<RoleService> roles() {
        return roles;
    }

    public DataPathTable dataPathTable() {
        return DataPathTable.assemble(roles);
    }

    @Override
    public void close() {
        for (RoleService role : roles.reversed()) {
            role.close();
        }
    }
}
