package org.postern.clientaccess.pop3;

import java.io.IOException;
import org.postern.protocols.pop3.Pop3Request;

/** RSET (RFC 1939 section 5): unmarks every message marked deleted. */
final class RsetHandler implements Pop3Handler.InTransaction {

    @Override
    public Pop3State handle(Pop3Request request, Pop3State.Transaction state, Pop3Context context) throws IOException {
        state.maildrop().reset();
        context.ok("Maildrop has " + state.maildrop().count() + " messages (" + state.maildrop().size() + " octets)");
        return state;
    }
}
