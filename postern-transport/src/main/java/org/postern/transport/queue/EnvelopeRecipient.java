package org.postern.transport.queue;

import java.util.Objects;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.RcptParameters;

/**
 * One RCPT TO of the envelope (RFC 5321 section 4.1.1.3): the forward-path and its DSN
 * parameters NOTIFY and ORCPT (RFC 3461 sections 4.1, 4.2).
 */
public record EnvelopeRecipient(ForwardPath address, RcptParameters dsn) {

    public EnvelopeRecipient {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(dsn, "dsn");
    }
}
