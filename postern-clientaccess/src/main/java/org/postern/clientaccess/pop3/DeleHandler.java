package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.util.Optional;
import org.postern.protocols.pop3.Pop3Request;

/** DELE msg (RFC 1939 section 5): marks the message; it is removed at QUIT only. */
final class DeleHandler implements Pop3Handler.InTransaction {

    @Override
    public Pop3State handle(Pop3Request request, Pop3State.Transaction state, Pop3Context context) throws IOException {
        int number = request.number(0);
        Optional<Maildrop.Message> message = state.maildrop().message(number);
        if (message.isEmpty()) {
            context.err(state.maildrop().isDeleted(number) ? "Message already deleted" : "No such message");
        } else {
            state.maildrop().delete(message.get());
            context.ok("Message " + number + " deleted");
        }
        return state;
    }
}
