package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.postern.clientaccess.AccessSessions;
import org.postern.core.net.Connection;
import org.postern.protocols.imap.ImapResponseWriter;

/**
 * IMAP4 sessions over one {@link ImapBackend}, whichever port they came in by (143 with
 * STARTTLS and LOGINDISABLED until TLS, RFC 3501 section 6.2.1; 993 with TLS): so one per-user
 * session count covers both. A connection over the listener's bounds is told by {@code * BYE}.
 */
public final class ImapSessions implements AccessSessions {

    private final ImapBackend backend;

    public ImapSessions(ImapBackend backend) {
        this.backend = backend;
    }

    @Override
    public void serve(Connection connection, Optional<SSLContext> upgrade) {
        new ImapSession(connection, upgrade, backend).run();
    }

    @Override
    public void refuse(Connection connection, String text) throws IOException {
        ImapResponseWriter out = new ImapResponseWriter(connection.output());
        out.untaggedStatus(ImapResponseWriter.Status.BYE, Optional.of("UNAVAILABLE"), text);
        out.flush();
    }
}
