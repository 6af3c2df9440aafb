package org.postern.core.datapath;

import java.util.List;
import java.util.Objects;

/**
 * One data path of the deployment, declared by the listener or connector that carries it:
 * a row of the reference's tables ({@code reference/datapaths.yaml}, by {@link #id()}), with
 * what this deployment really does on it.
 *
 * @param row                the reference's row it carries
 * @param protocol           the open protocol carrying it (smtp, lmtp, imap, ldap, store, …)
 * @param carrier            network or in-process
 * @param ports              the ports used, after the offset; empty when in-process
 * @param defaultAuth        the authentication used unless configured otherwise
 * @param supportedAuth      every authentication the path accepts
 * @param encryption         how it is encrypted when it is
 * @param encryptedByDefault whether it is encrypted without any setting
 */
public record DataPath(
        ReferencePath row,
        String protocol,
        Carrier carrier,
        List<Port> ports,
        List<AuthMethod> defaultAuth,
        List<AuthMethod> supportedAuth,
        Encryption encryption,
        boolean encryptedByDefault) {

    public DataPath {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(carrier, "carrier");
        ports = List.copyOf(ports);
        defaultAuth = List.copyOf(defaultAuth);
        supportedAuth = List.copyOf(supportedAuth);
        Objects.requireNonNull(encryption, "encryption");
        if (carrier == Carrier.IN_PROCESS && !ports.isEmpty()) {
            throw new IllegalArgumentException(row.id() + ": an in-process path has no ports");
        }
        if (!supportedAuth.containsAll(defaultAuth)) {
            throw new IllegalArgumentException(row.id() + ": default authentication must be supported");
        }
    }

    /**
     * A path between two roles of one process: a method call, with nothing on a wire.
     */
    public static DataPath inProcess(ReferencePath row, String protocol) {
        return new DataPath(row, protocol, Carrier.IN_PROCESS, List.of(),
                List.of(AuthMethod.NONE), List.of(AuthMethod.NONE), Encryption.NONE, false);
    }

    /** The reference row's id, e.g. {@code hub-hub}. */
    public String id() {
        return row.id();
    }

    /** The reference's "Data path" text. */
    public String name() {
        return row.title();
    }
}
