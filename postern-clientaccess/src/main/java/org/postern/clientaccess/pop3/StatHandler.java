package org.postern.clientaccess.pop3;

import java.io.IOException;
import org.postern.protocols.pop3.Pop3Request;

/** STAT (RFC 1939 section 5): the drop listing, messages marked deleted not counted. */
final class StatHandler implements Pop3Handler.InTransaction {

    @Override
    public Pop3State handle(Pop3Request request, Pop3State.Transaction state, Pop3Context context) throws IOException {
        context.ok(state.maildrop().count() + " " + state.maildrop().size());
        return state;
    }
}
