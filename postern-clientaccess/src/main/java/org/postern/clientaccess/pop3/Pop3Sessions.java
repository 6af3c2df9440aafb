package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.postern.clientaccess.AccessSessions;
import org.postern.core.net.Connection;
import org.postern.protocols.pop3.Pop3Responses;
import org.postern.protocols.pop3.ResponseCode;

/**
 * POP3 sessions over one {@link Pop3Backend}, whichever port they came in by (110 with STLS,
 * RFC 2595, where no credential is accepted before TLS; 995 with TLS): so one maildrop lock
 * table covers both. A connection over the listener's bounds gets {@code -ERR [SYS/TEMP]}.
 */
public final class Pop3Sessions implements AccessSessions {

    private final Pop3Backend backend;

    public Pop3Sessions(Pop3Backend backend) {
        this.backend = backend;
    }

    @Override
    public void serve(Connection connection, Optional<SSLContext> upgrade) {
        new Pop3Session(connection, backend, upgrade).run();
    }

    @Override
    public void refuse(Connection connection, String text) throws IOException {
        Pop3Responses.err(connection.output(), ResponseCode.SYS_TEMP, text);
        connection.output().flush();
    }
}
