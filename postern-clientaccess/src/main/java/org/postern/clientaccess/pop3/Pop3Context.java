package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.postern.auth.AuthContext;
import org.postern.core.net.Connection;
import org.postern.protocols.io.CrlfLineReader;
import org.postern.protocols.io.LineResult;
import org.postern.protocols.pop3.Pop3Responses;
import org.postern.protocols.pop3.ResponseCode;

/**
 * What a command handler may use: the session's responses and input, its TLS, the shared
 * {@link Pop3Backend}, and the budget of bad commands. One per session, one thread.
 */
final class Pop3Context {

    private final Connection connection;
    private final Optional<SSLContext> stls;
    private final Pop3Backend backend;
    private CrlfLineReader reader;
    private int badCommands;

    Pop3Context(Connection connection, Optional<SSLContext> stls, Pop3Backend backend) {
        this.connection = connection;
        this.stls = stls;
        this.backend = backend;
        this.reader = newReader();
    }

    private CrlfLineReader newReader() {
        return new CrlfLineReader(connection.input(), backend.limits().maxLineLength());
    }

    Pop3Backend backend() {
        return backend;
    }

    /** Whether STLS can be offered: not yet TLS, and a TLS context is at hand. */
    boolean canStartTls() {
        return !connection.isTls() && stls.isPresent();
    }

    boolean isTls() {
        return connection.isTls();
    }

    AuthContext authContext() {
        return new AuthContext("pop3", connection.remoteAddress(), connection.isTls());
    }

    CrlfLineReader reader() {
        return reader;
    }

    /** Reads one line of at most {@code max} octets (SASL responses). */
    LineResult readLine(int max) throws IOException {
        return reader.readLine(max);
    }

    OutputStream output() {
        return connection.output();
    }

    void ok(String text) throws IOException {
        Pop3Responses.ok(connection.output(), text);
    }

    void err(String text) throws IOException {
        Pop3Responses.err(connection.output(), text);
    }

    void err(ResponseCode code, String text) throws IOException {
        Pop3Responses.err(connection.output(), code, text);
    }

    void err(Optional<ResponseCode> code, String text) throws IOException {
        Pop3Responses.err(connection.output(), code, text);
    }

    /** A SASL challenge line (RFC 5034 section 4). */
    void continuation(String base64) throws IOException {
        Pop3Responses.continuation(connection.output(), base64);
    }

    void multiLine(String text, List<String> lines) throws IOException {
        Pop3Responses.multiLine(connection.output(), text, lines);
    }

    void flush() throws IOException {
        connection.output().flush();
    }

    /** Counts a rejected command against the session's budget. */
    void countBadCommand() {
        badCommands++;
    }

    boolean budgetSpent() {
        return badCommands >= backend.limits().maxBadCommands();
    }

    /**
     * STLS after its {@code +OK}: flush, drop every plain-text octet the client pipelined
     * (RFC 2595 section 4, CVE-2011-0411), handshake, and read from the TLS stream.
     */
    void startTls() throws IOException {
        connection.output().flush();
        reader.discardBuffered();
        connection.startTls(stls.orElseThrow(() -> new IllegalStateException("no STLS on this listener")));
        reader = newReader();
    }
}
