package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.postern.core.net.Connection;
import org.postern.core.store.StoreException;
import org.postern.protocols.io.LineResult;
import org.postern.protocols.pop3.Pop3Command;
import org.postern.protocols.pop3.Pop3CommandParser;
import org.postern.protocols.pop3.Pop3ParseResult;
import org.postern.protocols.pop3.Pop3Phase;
import org.postern.protocols.pop3.Pop3Request;
import org.postern.protocols.pop3.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP3 session (RFC 1939; RFC 2449 CAPA and response codes; RFC 2595 STLS; RFC 3206;
 * RFC 5034 SASL) over a {@link Connection} (a socket, or
 * {@link org.postern.core.net.StreamConnection} over any stream pair in tests), from the greeting to its end.
 *
 * <p>The dispatcher enforces the command table ({@link Pop3Command}) in one place — state, TLS,
 * argument grammar — so handlers never re-check it; every rejected command counts against
 * {@link org.postern.protocols.pop3.Pop3Limits#maxBadCommands()}, and the session closes when
 * it is spent. A malformed command gets {@code -ERR} and the session goes on. Responses are
 * flushed when the client has nothing more buffered (PIPELINING, RFC 2449 section 6.6).
 *
 * <p>{@link #run()} is the one exception ladder: peer gone (nothing to say), idle timeout
 * ({@code -ERR} autologout, RFC 1939 section 3), store failure ({@code -ERR [SYS/TEMP]}), bug
 * (logged, {@code -ERR [SYS/TEMP]} with a generic text). However it ends, the maildrop lock is
 * released and nothing marked deleted is removed unless QUIT ran the UPDATE state.
 */
public final class Pop3Session {

    private static final Logger LOG = LoggerFactory.getLogger(Pop3Session.class);

    private static final Map<Pop3Command, Pop3Handler> HANDLERS = handlers();

    private final Connection connection;
    private final Pop3Context context;
    private final Pop3CommandParser parser;
    private Pop3State state = Pop3State.Authorization.FRESH;

    /** A session that offers no STLS (implicit TLS, or tests over a stream pair). */
    public Pop3Session(Connection connection, Pop3Backend backend) {
        this(connection, backend, Optional.empty());
    }

    /** @param stls the context for STLS (RFC 2595), empty when the listener offers none */
    public Pop3Session(Connection connection, Pop3Backend backend, Optional<SSLContext> stls) {
        this.connection = connection;
        this.context = new Pop3Context(connection, stls, backend);
        this.parser = new Pop3CommandParser(backend.limits());
    }

    private static Map<Pop3Command, Pop3Handler> handlers() {
        Map<Pop3Command, Pop3Handler> map = new EnumMap<>(Pop3Command.class);
        map.put(Pop3Command.USER, new UserHandler());
        map.put(Pop3Command.PASS, new PassHandler());
        map.put(Pop3Command.APOP, new ApopHandler());
        map.put(Pop3Command.AUTH, new AuthHandler());
        map.put(Pop3Command.STLS, new StlsHandler());
        map.put(Pop3Command.CAPA, new CapaHandler());
        map.put(Pop3Command.QUIT, new QuitHandler());
        map.put(Pop3Command.STAT, new StatHandler());
        map.put(Pop3Command.LIST, new ListHandler());
        map.put(Pop3Command.RETR, new RetrHandler(false));
        map.put(Pop3Command.TOP, new RetrHandler(true));
        map.put(Pop3Command.DELE, new DeleHandler());
        map.put(Pop3Command.NOOP, new NoopHandler());
        map.put(Pop3Command.RSET, new RsetHandler());
        map.put(Pop3Command.UIDL, new UidlHandler());
        for (Pop3Command c : Pop3Command.values()) {
            if (!map.containsKey(c)) {
                throw new IllegalStateException("no handler for " + c);
            }
        }
        return map;
    }

    /** The phase the command table speaks of. */
    static Pop3Phase phase(Pop3State state) {
        return switch (state) {
            case Pop3State.Authorization a -> Pop3Phase.AUTHORIZATION;
            case Pop3State.Transaction t -> Pop3Phase.TRANSACTION;
            case Pop3State.Closed c -> throw new IllegalStateException("the session is over");
        };
    }

    /** Runs the session to its end; never throws for anything the peer does. */
    public void run() {
        try {
            context.ok(context.backend().hostname() + " Postern POP3 server ready");
            context.flush();
            loop();
        } catch (SocketTimeoutException e) {
            say(ResponseCode.SYS_TEMP, "Autologout: idle for too long");
        } catch (SSLException e) {
            LOG.debug("pop3 {}: TLS failed: {}", connection, e.getMessage());
        } catch (SocketException | InterruptedIOException | java.io.EOFException e) {
            LOG.debug("pop3 {}: connection ended: {}", connection, e.getMessage());
        } catch (IOException e) {
            LOG.debug("pop3 {}: I/O failed: {}", connection, e.getMessage());
        } catch (StoreException e) {
            LOG.warn("pop3 {}: store failed: {} ({})", connection, e.getMessage(), e.error());
            say(ResponseCode.SYS_TEMP, "Mailbox unavailable, try again later");
        } catch (RuntimeException e) {
            LOG.error("pop3 {}: session failed", connection, e);
            say(ResponseCode.SYS_TEMP, "Internal error, try again later");
        } finally {
            if (state instanceof Pop3State.Transaction t) {
                t.lock().close();
            }
        }
    }

    private void loop() throws IOException {
        int maxLine = context.backend().limits().maxLineLength();
        while (!(state instanceof Pop3State.Closed)) {
            LineResult line = context.reader().readLine(maxLine);
            switch (line) {
                case LineResult.EndOfStream e -> {
                    return; // dropped: no UPDATE, nothing removed (RFC 1939 section 6)
                }
                case LineResult.TooLong t -> reject("Line too long");
                case LineResult.Line l -> dispatch(parser.parse(l));
            }
            if (context.budgetSpent() && !(state instanceof Pop3State.Closed)) {
                context.err("Too many bad commands, closing");
                context.flush();
                return;
            }
            if (context.reader().buffered() == 0) {
                context.flush();
            }
        }
        context.flush();
    }

    private void dispatch(Pop3ParseResult parsed) throws IOException {
        switch (parsed) {
            case Pop3ParseResult.Invalid invalid -> reject(invalid.reason());
            case Pop3ParseResult.Parsed p -> execute(p.request());
        }
    }

    private void execute(Pop3Request request) throws IOException {
        Pop3Command command = request.command();
        if (!command.allowedIn(phase(state))) {
            reject("Command not valid in this state");
            return;
        }
        if (!command.tlsRule().permits(connection.isTls())) {
            context.countBadCommand();
            if (command == Pop3Command.STLS) {
                context.err("TLS is already active");
            } else {
                context.err(ResponseCode.AUTH, "Plaintext authentication disallowed on non-secure connections; use STLS first");
            }
            return;
        }
        LOG.trace("pop3 {}: {}", connection, request);
        try {
            state = HANDLERS.get(command).handle(request, state, context);
        } catch (StoreException e) {
            StoreErrors.Pop3Error error = StoreErrors.map(e.error());
            LOG.debug("pop3 {}: {} failed in the store: {} ({})", connection, command, e.getMessage(), e.error());
            context.err(error.code(), error.text());
        }
    }

    private void reject(String reason) throws IOException {
        context.countBadCommand();
        context.err(reason);
    }

    /** A last word before closing; the peer may be gone already. */
    private void say(ResponseCode code, String text) {
        try {
            context.err(code, text);
            context.flush();
        } catch (IOException | RuntimeException e) {
            LOG.debug("pop3 {}: could not send the last response: {}", connection, e.getMessage());
        }
    }
}
