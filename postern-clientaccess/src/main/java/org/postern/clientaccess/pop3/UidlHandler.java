package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.util.Optional;
import org.postern.protocols.pop3.Pop3Request;

/** UIDL [msg] (RFC 1939 section 7): unique-id listings, stable across sessions ({@link Maildrop#uniqueId}). */
final class UidlHandler implements Pop3Handler.InTransaction {

    @Override
    public Pop3State handle(Pop3Request request, Pop3State.Transaction state, Pop3Context context) throws IOException {
        Maildrop maildrop = state.maildrop();
        if (request.arguments().isEmpty()) {
            context.multiLine("Unique-id listing follows",
                    maildrop.live().stream().map(m -> m.number() + " " + maildrop.uniqueId(m)).toList());
            return state;
        }
        Optional<Maildrop.Message> message = maildrop.message(request.number(0));
        if (message.isEmpty()) {
            context.err("No such message");
        } else {
            context.ok(message.get().number() + " " + maildrop.uniqueId(message.get()));
        }
        return state;
    }
}
