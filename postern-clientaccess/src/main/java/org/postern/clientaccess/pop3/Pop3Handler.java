package org.postern.clientaccess.pop3;

import java.io.IOException;
import org.postern.protocols.pop3.Pop3Request;

/**
 * One POP3 command (style rule 2). The dispatcher has already checked the state, TLS and the
 * arguments' grammar against {@link org.postern.protocols.pop3.Pop3Command}; the handler
 * writes its response and returns the session's next state.
 */
interface Pop3Handler {

    Pop3State handle(Pop3Request request, Pop3State state, Pop3Context context) throws IOException;

    /** A command of the TRANSACTION state, given the maildrop the dispatcher guarantees. */
    interface InTransaction extends Pop3Handler {

        Pop3State handle(Pop3Request request, Pop3State.Transaction state, Pop3Context context) throws IOException;

        @Override
        default Pop3State handle(Pop3Request request, Pop3State state, Pop3Context context) throws IOException {
            if (state instanceof Pop3State.Transaction t) {
                return handle(request, t, context);
            }
            throw new IllegalStateException(request.command() + " dispatched outside TRANSACTION");
        }
    }

    /** A command of the AUTHORIZATION state. */
    interface InAuthorization extends Pop3Handler {

        Pop3State handle(Pop3Request request, Pop3State.Authorization state, Pop3Context context) throws IOException;

        @Override
        default Pop3State handle(Pop3Request request, Pop3State state, Pop3Context context) throws IOException {
            if (state instanceof Pop3State.Authorization a) {
                return handle(request, a, context);
            }
            throw new IllegalStateException(request.command() + " dispatched outside AUTHORIZATION");
        }
    }
}
