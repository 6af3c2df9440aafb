package org.postern.transport.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.postern.auth.AuthContext;
import org.postern.core.directory.Recipient.User;
import org.postern.core.net.Connection;
import org.postern.protocols.io.CrlfLineReader;
import org.postern.protocols.io.LineResult;
import org.postern.protocols.smtp.CommandParseResult;
import org.postern.protocols.smtp.CommandSyntaxError;
import org.postern.protocols.smtp.DataReader;
import org.postern.protocols.smtp.SmtpCommand;
import org.postern.protocols.smtp.SmtpCommandParser;
import org.postern.protocols.smtp.SmtpDialect;
import org.postern.protocols.smtp.SmtpPhase;
import org.postern.protocols.smtp.SmtpReplies;
import org.postern.protocols.smtp.SmtpReply;
import org.postern.protocols.smtp.SmtpVerb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP session over one connection: the RFC 5321 state machine (section 4.1.4), run on the
 * connection's virtual thread.
 *
 * <p>The read loop ({@link #run()}) is the only place that enforces the command table
 * {@link SmtpVerb}: the state a verb needs, its TLS rule (AUTH before TLS is {@code 538 5.7.11},
 * other mail commands before TLS where TLS is required {@code 530 5.7.0}), its AUTH rule
 * ({@code 530 5.7.0} on submission before AUTH), the junk budget (NOOP, RSET, VRFY, EXPN, HELP),
 * the error budget, and the count of commands without a queued message, each answered
 * {@code 421 4.7.0} and a close. The handlers, one class per verb, never re-check any of it. Replies to pipelined commands (RFC 2920) go out together:
 * the session flushes only when the client has nothing more buffered.
 *
 * <p>One exception ladder at the end of the loop (style rule 5): a read timeout (RFC 5321
 * section 4.5.3.2) is answered {@code 421 4.4.2}; a peer that closes or breaks the connection,
 * or fails the TLS handshake, is let go; any other failure is a local error, answered
 * {@code 421 4.3.0} with generic text, the details in the log. A body being received when the
 * session ends is discarded: nothing is queued that the client was not told {@code 250} for.
 */
final class SmtpSession {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpSession.class);
    private static final AtomicLong SESSIONS = new AtomicLong();
    /** Session ids are unique across restarts: the process's start time, then a counter. */
    private static final String START = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);

    private final Connection connection;
    private final SessionConfig config;
    private final SmtpCommandParser parser;
    private final DataReader dataReader;
    private final String id;
    private CrlfLineReader reader;
    private SessionState state = new SessionState.AwaitingHello();
    private Optional<User> user = Optional.empty();
    private Optional<String> peerServer = Optional.empty();
    private Optional<String> reverseDns = Optional.empty();
    private Duration readTimeout;
    private int errors;
    private int junk;
    private int commands;
    private int transactions;
    private boolean closing;

    SmtpSession(Connection connection, SessionConfig config) {
        this.connection = connection;
        this.config = config;
        this.parser = new SmtpCommandParser(config.kind().dialect(), config.extensions(), config.settings().limits());
        this.dataReader = new DataReader(config.settings().limits().maxMessageSize());
        this.id = "S" + START + "." + Long.toString(SESSIONS.incrementAndGet(), 36).toUpperCase(Locale.ROOT);
        this.reader = new CrlfLineReader(connection.input(), config.settings().limits().maxLineLength());
    }

    /** Runs the session to its end; never throws for anything the peer does. */
    void run() {
        try {
            greet();
            while (!closing) {
                readTimeout(config.settings().commandTimeout());
                dispatch(reader.readLine());
                if (closing || reader.buffered() == 0) {
                    flush();
                }
            }
        } catch (SocketTimeoutException e) {
            LOG.debug("{} {}: timed out in {}", id, connection, state.phase());
            replyQuietly(SmtpReplies.TIMEOUT);
        } catch (SSLException e) {
            LOG.debug("{} {}: TLS failed: {}", id, connection, e.getMessage());
        } catch (EOFException | SocketException e) {
            LOG.debug("{} {}: connection lost: {}", id, connection, e.getMessage());
        } catch (IOException e) {
            LOG.debug("{} {}: I/O error: {}", id, connection, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} {}: local error in {}", id, connection, state.phase(), e);
            replyQuietly(SmtpReplies.LOCAL_ERROR_CLOSING);
        } finally {
            setState(new SessionState.AwaitingHello());
        }
    }

    private void greet() throws IOException {
        if (config.settings().reverseDns()) {
            String name = connection.remoteAddress().getCanonicalHostName();
            reverseDns = name.equals(connection.remoteAddress().getHostAddress()) ? Optional.empty() : Optional.of(name);
        }
        Verdict v = config.policy().connect(new PolicyCheck.Connect(client()));
        switch (v) {
            case Verdict.Reject r -> close(r.reply());
            case Verdict.TempFail t -> close(t.reply());
            case Verdict.Accept a -> reply(SmtpReplies.greeting(config.hostname(), greetingProtocol()));
            case Verdict.NoOpinion n -> reply(SmtpReplies.greeting(config.hostname(), greetingProtocol()));
        }
        flush();
    }

    private String greetingProtocol() {
        return config.kind().dialect() == SmtpDialect.LMTP ? "LMTP" : "ESMTP";
    }

    /** The one place the command table is enforced. */
    private void dispatch(LineResult line) throws IOException {
        switch (line) {
            case LineResult.EndOfStream e -> peerClosed();
            case LineResult.TooLong t -> error(SmtpReplies.LINE_TOO_LONG);
            case LineResult.Line l -> {
                if (++commands > config.settings().maxCommandsPerMessage()) {
                    LOG.info("{} {}: command budget spent without a message", id, connection);
                    close(SmtpReplies.TOO_MANY_ERRORS);
                    return;
                }
                CommandParseResult parsed = parser.parse(l, utf8Transaction());
                switch (parsed) {
                    case CommandSyntaxError e when e.verb().filter(v -> v == SmtpVerb.BDAT).isPresent() ->
                            close(ReceiveReplies.BDAT_UNREADABLE); // its octets cannot be skipped
                    case CommandSyntaxError e -> error(e.reply());
                    case SmtpCommand c -> {
                        SmtpReply refusal = refusal(c.verb());
                        if (refusal != null) {
                            if (c instanceof SmtpCommand.Bdat b) {
                                skip(b.size());
                            }
                            error(refusal);
                        } else if (c.verb().countsAsJunk() && ++junk > config.settings().limits().maxJunkCommands()) {
                            LOG.info("{} {}: junk budget spent", id, connection);
                            close(SmtpReplies.TOO_MANY_ERRORS);
                        } else {
                            execute(c);
                        }
                    }
                }
            }
        }
    }

    /** The verb table's verdict for this verb now, or null when it may run. */
    private SmtpReply refusal(SmtpVerb verb) {
        SmtpPhase phase = state.phase();
        if (!verb.allowedIn(phase)) {
            return switch (phase) {
                case BEFORE_HELLO -> SmtpReplies.SEND_HELLO_FIRST;
                case AFTER_HELLO -> verb == SmtpVerb.DATA || verb == SmtpVerb.BDAT || verb == SmtpVerb.RCPT
                        ? SmtpReplies.NEED_MAIL : SmtpReplies.BAD_SEQUENCE;
                case AFTER_MAIL -> verb == SmtpVerb.MAIL ? SmtpReplies.NESTED_MAIL
                        : verb == SmtpVerb.DATA || verb == SmtpVerb.BDAT ? SmtpReplies.NEED_RCPT : SmtpReplies.BAD_SEQUENCE;
                case AFTER_RCPT -> verb == SmtpVerb.MAIL ? SmtpReplies.NESTED_MAIL : SmtpReplies.BAD_SEQUENCE;
                case IN_BDAT -> SmtpReplies.BAD_SEQUENCE;
            };
        }
        boolean tls = isTls();
        if (!verb.tlsRule().permits(tls, config.kind().authRequired())) {
            return verb == SmtpVerb.STARTTLS ? SmtpReplies.ALREADY_TLS
                    : verb == SmtpVerb.AUTH ? SmtpReplies.ENCRYPTION_REQUIRED_FOR_AUTH : SmtpReplies.MUST_ISSUE_STARTTLS;
        }
        if (!verb.authRule().permits(user.isPresent() || peerServer.isPresent(), config.kind().authRequired())) {
            return verb == SmtpVerb.AUTH ? SmtpReplies.ALREADY_AUTHENTICATED : SmtpReplies.AUTH_REQUIRED;
        }
        return null;
    }

    private void execute(SmtpCommand command) throws IOException {
        switch (command) {
            case SmtpCommand.Ehlo c -> EhloHandler.handle(this, c.domainOrAddressLiteral(), true);
            case SmtpCommand.Helo c -> EhloHandler.handle(this, c.domainOrAddressLiteral(), false);
            case SmtpCommand.Lhlo c -> EhloHandler.handle(this, c.domainOrAddressLiteral(), true); // the parser admits it in LMTP only
            case SmtpCommand.Mail c -> MailHandler.handle(this, c);
            case SmtpCommand.Rcpt c -> RcptHandler.handle(this, c);
            case SmtpCommand.Data c -> DataHandler.handle(this);
            case SmtpCommand.Bdat c -> BdatHandler.handle(this, c);
            case SmtpCommand.Rset c -> RsetHandler.handle(this);
            case SmtpCommand.Noop c -> NoopHandler.handle(this, false);
            case SmtpCommand.Help c -> NoopHandler.handle(this, true);
            case SmtpCommand.Vrfy c -> VrfyHandler.handle(this, false);
            case SmtpCommand.Expn c -> VrfyHandler.handle(this, true);
            case SmtpCommand.Quit c -> QuitHandler.handle(this);
            case SmtpCommand.StartTls c -> StartTlsHandler.handle(this);
            case SmtpCommand.Auth c -> AuthHandler.handle(this, c);
        }
    }

    // What handlers use -----------------------------------------------------------------------

    SessionConfig config() {
        return config;
    }

    SessionState state() {
        return state;
    }

    /** Moves to a new state; a chunked body left behind is discarded. */
    void setState(SessionState next) {
        if (state instanceof SessionState.Chunking c && !(next instanceof SessionState.Chunking n && n.body() == c.body())) {
            try {
                c.body().close();
            } catch (IOException e) {
                LOG.warn("{}: cannot remove a spool file: {}", id, e.getMessage());
            }
        }
        state = next;
    }

    /** The state to return to after a transaction ends or is reset. */
    SessionState afterTransaction() {
        return switch (state) {
            case SessionState.AwaitingHello a -> a;
            case SessionState.Ready r -> r;
            case SessionState.InTransaction t -> new SessionState.Ready(t.hello());
            case SessionState.Chunking c -> new SessionState.Ready(c.hello());
        };
    }

    CrlfLineReader reader() {
        return reader;
    }

    DataReader dataReader() {
        return dataReader;
    }

    String id() {
        return id;
    }

    /** A new transaction number in this session (for the Received header's id). */
    int nextTransaction() {
        return ++transactions;
    }

    Optional<User> user() {
        return user;
    }

    void authenticated(User who) {
        user = Optional.of(who);
    }

    /** The principal of a peer hub that authenticated (port 25, GSSAPI with its host/ principal), if one did. */
    Optional<String> peerServer() {
        return peerServer;
    }

    void authenticatedServer(String principal) {
        peerServer = Optional.of(principal);
    }

    /** Who authenticated, as the Received field and the queue's origin name it: the user's login or the peer's principal. */
    Optional<String> authenticatedName() {
        return user.map(User::login).or(() -> peerServer);
    }

    /** A message was queued: the client is doing real work, its junk and command counts start again. */
    void messageQueued() {
        junk = 0;
        commands = 0;
    }

    Optional<String> reverseDns() {
        return reverseDns;
    }

    boolean isTls() {
        return connection.isTls();
    }

    Optional<SSLSession> tlsSession() {
        return connection.tlsSession();
    }

    Connection connection() {
        return connection;
    }

    /** What policy checks see of the client now. */
    PolicyCheck.Client client() {
        return new PolicyCheck.Client(config.kind(), connection.remoteAddress(), isTls(), user, peerServer);
    }

    AuthContext authContext() {
        // Port 25 is where peer hubs come in: their host/ principals are servers of the organisation (ADR 0015).
        return new AuthContext(config.kind().listenerName(), connection.remoteAddress(), isTls(),
                config.kind().acceptsServers());
    }

    void readTimeout(Duration timeout) throws IOException {
        if (!timeout.equals(readTimeout)) {
            connection.setIdleTimeout(timeout);
            readTimeout = timeout;
        }
    }

    /** Writes a reply (not flushed); enhanced status codes only after EHLO (RFC 2034 section 3). */
    void reply(SmtpReply reply) throws IOException {
        boolean enhanced = switch (state) {
            case SessionState.AwaitingHello a -> false;
            case SessionState.Ready r -> r.hello().extended();
            case SessionState.InTransaction t -> t.hello().extended();
            case SessionState.Chunking c -> c.hello().extended();
        };
        reply.writeTo(connection.output(), enhanced);
    }

    /** A refusal that counts against the error budget; past it, {@code 421 4.7.0} and a close. */
    void error(SmtpReply reply) throws IOException {
        reply(reply);
        if (++errors >= config.settings().limits().maxErrors()) {
            LOG.info("{} {}: error budget spent", id, connection);
            close(SmtpReplies.TOO_MANY_ERRORS);
        }
    }

    /** Sends a last reply and ends the session. */
    void close(SmtpReply reply) throws IOException {
        reply(reply);
        flush();
        closing = true;
    }

    /** The client went away mid-session. */
    void peerClosed() {
        LOG.debug("{} {}: client closed in {}", id, connection, state.phase());
        closing = true;
    }

    void quit() throws IOException {
        close(SmtpReplies.CLOSING);
    }

    void flush() throws IOException {
        connection.output().flush();
    }

    /**
     * RFC 3207 section 4.2: the {@code 220} is flushed, every plain-text octet the client sent
     * after STARTTLS is dropped unread (CVE-2011-0411), the handshake runs, a new reader reads
     * the TLS stream, and the session forgets its hello.
     */
    void startTls() throws IOException {
        flush();
        int dropped = reader.discardBuffered();
        if (dropped > 0) {
            LOG.warn("{} {}: {} octets pipelined after STARTTLS dropped (command injection attempt)", id, connection, dropped);
        }
        connection.startTls(config.tls());
        reader = new CrlfLineReader(connection.input(), config.settings().limits().maxLineLength());
        readTimeout = null;
        setState(new SessionState.AwaitingHello());
    }

    /** Whether the current transaction's MAIL carried SMTPUTF8 (RCPT may then carry UTF-8). */
    private boolean utf8Transaction() {
        return switch (state) {
            case SessionState.InTransaction t -> t.transaction().parameters().smtpUtf8();
            case SessionState.Chunking c -> c.transaction().parameters().smtpUtf8();
            default -> false;
        };
    }

    /** Reads and drops the octets of a refused BDAT chunk, so the session stays in step (RFC 3030). */
    private void skip(long octets) throws IOException {
        readTimeout(config.settings().dataTimeout());
        byte[] scratch = new byte[8192];
        long left = octets;
        while (left > 0) {
            int n = reader.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (n < 0) {
                peerClosed();
                return;
            }
            left -= n;
        }
    }

    private void replyQuietly(SmtpReply reply) {
        try {
            reply(reply);
            flush();
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: could not send {}: {}", id, reply.code(), e.getMessage());
        }
    }

    @Override
    public String toString() {
        return id + " " + connection;
    }
}
