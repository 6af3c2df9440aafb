package org.postern.clientaccess.pop3;

import java.io.IOException;
import org.postern.protocols.pop3.Pop3Request;

/** NOOP (RFC 1939 section 5). */
final class NoopHandler implements Pop3Handler.InTransaction {

    @Override
    public Pop3State handle(Pop3Request request, Pop3State.Transaction state, Pop3Context context) throws IOException {
        context.ok("");
        return state;
    }
}
