package org.postern.clientaccess.imap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.postern.auth.SaslStep;
import org.postern.protocols.imap.ImapRequest;

/**
 * LOGIN (RFC 3501 section 6.2.3) through the {@link org.postern.auth.Authenticator}, like SASL
 * PLAIN. The dispatcher has refused it before TLS ({@code NO [PRIVACYREQUIRED]}).
 */
final class LoginHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        ImapRequest.Login login = (ImapRequest.Login) request.arguments();
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(login.password()));
        char[] password = new char[chars.remaining()];
        chars.get(password);
        try {
            SaslStep step = context.backend().authenticator().login(login.user(), password, context.authContext());
            return Logins.finish(request.tag(), step, context);
        } finally {
            Arrays.fill(password, '\0');
            Arrays.fill(login.password(), (byte) 0);
        }
    }
}
