package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.util.Optional;
import org.postern.protocols.pop3.Pop3Request;

/** LIST [msg] (RFC 1939 section 5): scan listings, one or all, of messages not marked deleted. */
final class ListHandler implements Pop3Handler.InTransaction {

    @Override
    public Pop3State handle(Pop3Request request, Pop3State.Transaction state, Pop3Context context) throws IOException {
        Maildrop maildrop = state.maildrop();
        if (request.arguments().isEmpty()) {
            context.multiLine(maildrop.count() + " messages (" + maildrop.size() + " octets)",
                    maildrop.live().stream().map(m -> m.number() + " " + m.size()).toList());
            return state;
        }
        Optional<Maildrop.Message> message = maildrop.message(request.number(0));
        if (message.isEmpty()) {
            context.err("No such message");
        } else {
            context.ok(message.get().number() + " " + message.get().size());
        }
        return state;
    }
}
