package org.postern.clientaccess;

import java.util.Objects;
import org.postern.core.datapath.ReferencePath;

/**
 * A mail access protocol as the Client Access role listens for it: the reference row it
 * carries, its port in plain text (where the client upgrades to TLS by a command of the
 * protocol's own) and its port with TLS from the first byte (RFC 8314).
 *
 * @param row            the reference's row (imap4, pop3)
 * @param service        the protocol's name as the authenticator knows it ({@code imap})
 * @param plainLabel     the plain-text listener's name in logs ({@code IMAP})
 * @param plainPort      the well-known plain-text port, before the port offset
 * @param tlsLabel       the implicit-TLS listener's name in logs ({@code IMAPS})
 * @param tlsPort        the well-known implicit-TLS port, before the port offset
 * @param upgradeCommand the command that starts TLS on the plain-text port ({@code STARTTLS})
 */
public record AccessProtocol(ReferencePath row, String service, String plainLabel, int plainPort, String tlsLabel,
                             int tlsPort, String upgradeCommand) {

    public AccessProtocol {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(plainLabel, "plainLabel");
        Objects.requireNonNull(tlsLabel, "tlsLabel");
        Objects.requireNonNull(upgradeCommand, "upgradeCommand");
    }
}
