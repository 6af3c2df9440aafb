package org.postern.clientaccess;

import java.io.IOException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.postern.core.net.Connection;

/** What a mail access protocol does with a connection its listener accepted or refused. */
public interface AccessSessions {

    /**
     * Runs one session to its end.
     *
     * @param upgrade the TLS the client may start by the protocol's command; empty where the
     *                connection is TLS already
     */
    void serve(Connection connection, Optional<SSLContext> upgrade);

    /** Tells a connection over the listener's bounds why, in the protocol's own words. */
    void refuse(Connection connection, String text) throws IOException;
}
