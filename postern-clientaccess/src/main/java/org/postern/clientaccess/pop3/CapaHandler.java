package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.util.List;
import org.postern.protocols.pop3.Pop3Capabilities;
import org.postern.protocols.pop3.Pop3Phase;
import org.postern.protocols.pop3.Pop3Request;

/** CAPA (RFC 2449 section 5): computed from the command table for this state and TLS. */
final class CapaHandler implements Pop3Handler {

    @Override
    public Pop3State handle(Pop3Request request, Pop3State state, Pop3Context context) throws IOException {
        Pop3Phase phase = Pop3Session.phase(state);
        List<String> mechanisms = phase == Pop3Phase.AUTHORIZATION
                ? context.backend().authenticator().mechanisms(context.authContext()) : List.of();
        List<String> lines = Pop3Capabilities.lines(phase, context.isTls(), mechanisms).stream()
                .filter(line -> !line.equals("STLS") || context.canStartTls())
                .toList();
        context.multiLine("Capability list follows", lines);
        return state;
    }
}
