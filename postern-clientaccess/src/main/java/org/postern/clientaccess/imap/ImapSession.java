package org.postern.clientaccess.imap;

import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.postern.core.net.Connection;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.postern.core.store.StoreException;
import org.postern.protocols.imap.ImapCommand;
import org.postern.protocols.imap.ImapParseResult;
import org.postern.protocols.imap.ImapRequest;
import org.postern.protocols.imap.ImapResponseWriter.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IMAP4rev1 session (RFC 3501, with the extensions {@link
 * org.postern.protocols.imap.ImapCapabilities} lists) over an {@link Connection}, from the
 * greeting to its end.
 *
 * <p>The dispatcher enforces the command table ({@link ImapCommand}) in one place — state,
 * TLS — so handlers never re-check it. A malformed command gets {@code BAD} and the session goes
 * on; {@link org.postern.protocols.imap.ImapLimits#maxBadCommands()} rejected commands in a row
 * end it. After every command in the selected state the client hears what other sessions
 * changed (EXISTS, EXPUNGE when allowed, FETCH FLAGS). Responses are flushed when the client
 * has nothing more buffered (pipelining).
 *
 * <p>{@link #run()} is the one exception ladder: peer gone (nothing to say), idle timeout
 * ({@code * BYE} autologout, RFC 3501 section 5.4), store failure ({@code * BYE
 * [UNAVAILABLE]}), bug (logged, {@code * BYE} with a generic text). However it ends, the
 * selected folder's watch and the user's session lease are released.
 */
public final class ImapSession {

    private static final Logger LOG = LoggerFactory.getLogger(ImapSession.class);

    private static final Map<ImapCommand, ImapHandler> HANDLERS = handlers();

    private final Connection channel;
    private final ImapContext context;
    private ImapState state = ImapState.NOT_AUTHENTICATED;

    /**
     * @param connection what the session runs over (a socket, or a {@link org.postern.core.net.StreamConnection})
     * @param startTls   the context for STARTTLS, empty where the listener offers none (port 993, tests)
     */
    public ImapSession(Connection connection, Optional<SSLContext> startTls, ImapBackend backend) {
        this.channel = connection;
        this.context = new ImapContext(connection, startTls, backend, HANDLERS.keySet());
    }

    private static Map<ImapCommand, ImapHandler> handlers() {
        Map<ImapCommand, ImapHandler> map = new EnumMap<>(ImapCommand.class);
        map.put(ImapCommand.CAPABILITY, new CapabilityHandler());
        map.put(ImapCommand.NOOP, new NoopHandler());
        map.put(ImapCommand.LOGOUT, new LogoutHandler());
        map.put(ImapCommand.ID, new IdHandler());
        map.put(ImapCommand.STARTTLS, new StartTlsHandler());
        map.put(ImapCommand.AUTHENTICATE, new AuthenticateHandler());
        map.put(ImapCommand.LOGIN, new LoginHandler());
        map.put(ImapCommand.ENABLE, new EnableHandler());
        map.put(ImapCommand.SELECT, new SelectHandler(false));
        map.put(ImapCommand.EXAMINE, new SelectHandler(true));
        map.put(ImapCommand.CREATE, new CreateHandler());
        map.put(ImapCommand.DELETE, new DeleteHandler());
        map.put(ImapCommand.RENAME, new RenameHandler());
        map.put(ImapCommand.SUBSCRIBE, new SubscribeHandler(true));
        map.put(ImapCommand.UNSUBSCRIBE, new SubscribeHandler(false));
        map.put(ImapCommand.LIST, new ListHandler(false));
        map.put(ImapCommand.LSUB, new ListHandler(true));
        map.put(ImapCommand.NAMESPACE, new NamespaceHandler());
        map.put(ImapCommand.STATUS, new StatusHandler());
        map.put(ImapCommand.APPEND, new AppendHandler());
        map.put(ImapCommand.IDLE, new IdleHandler());
        map.put(ImapCommand.COMPRESS, new CompressHandler());
        map.put(ImapCommand.CHECK, new CheckHandler());
        map.put(ImapCommand.CLOSE, new CloseHandler(true));
        map.put(ImapCommand.UNSELECT, new CloseHandler(false));
        map.put(ImapCommand.EXPUNGE, new ExpungeHandler());
        map.put(ImapCommand.SEARCH, new SearchHandler());
        map.put(ImapCommand.SORT, new SortHandler());
        map.put(ImapCommand.THREAD, new ThreadHandler());
        map.put(ImapCommand.FETCH, new FetchHandler());
        map.put(ImapCommand.STORE, new StoreHandler());
        map.put(ImapCommand.COPY, new CopyHandler(false));
        map.put(ImapCommand.MOVE, new CopyHandler(true));
        map.put(ImapCommand.GETQUOTA, new GetQuotaHandler());
        map.put(ImapCommand.GETQUOTAROOT, new GetQuotaRootHandler());
        map.put(ImapCommand.SETQUOTA, new SetQuotaHandler());
        for (ImapCommand c : ImapCommand.values()) {
            if (!map.containsKey(c)) {
                throw new IllegalStateException("no handler for " + c);
            }
        }
        return map;
    }

    /** Runs the session to its end; never throws for anything the peer does. */
    public void run() {
        try {
            context.out().untaggedStatus(Status.OK, Optional.of("CAPABILITY " + String.join(" ", context.capabilities(false))),
                    context.backend().hostname() + " Postern IMAP4rev1 ready");
            context.flush();
            loop();
        } catch (SocketTimeoutException e) {
            bye("Autologout; idle for too long");
        } catch (SSLException e) {
            LOG.debug("imap {}: TLS failed: {}", channel, e.getMessage());
        } catch (SocketException | InterruptedIOException | EOFException e) {
            LOG.debug("imap {}: connection ended: {}", channel, e.getMessage());
        } catch (IOException e) {
            LOG.debug("imap {}: I/O failed: {}", channel, e.getMessage());
        } catch (SelectedFolderDeleted e) {
            bye("Selected mailbox has been deleted");
        } catch (StoreException e) {
            LOG.warn("imap {}: store failed: {} ({})", channel, e.getMessage(), e.error());
            bye("[UNAVAILABLE] Mailbox unavailable, try again later");
        } catch (RuntimeException e) {
            LOG.error("imap {}: session failed", channel, e);
            bye("Internal error, try again later");
        } finally {
            release(state);
            context.close();
        }
    }

    private static void release(ImapState state) {
        switch (state) {
            case ImapState.Selected s -> {
                s.folder().close();
                s.lease().close();
            }
            case ImapState.Authenticated a -> a.lease().close();
            case ImapState.NotAuthenticated n -> { }
            case ImapState.Logout l -> { }
        }
    }

    private void loop() throws IOException {
        while (!(state instanceof ImapState.Logout)) {
            ImapParseResult result = context.commandReader().read(() -> {
                context.out().continuation("Ready for literal data");
                context.flush();
            });
            switch (result) {
                case ImapParseResult.End e -> {
                    return;
                }
                case ImapParseResult.Fatal f -> {
                    bye(f.text());
                    return;
                }
                case ImapParseResult.Bad b -> {
                    if (b.code().isPresent()) {
                        context.countBad();
                        context.no(b.tag(), b.code().get(), b.text());
                    } else if (b.tag().equals("*")) {
                        context.countBad();
                        context.out().untaggedStatus(Status.BAD, Optional.empty(), b.text());
                    } else {
                        context.bad(b.tag(), b.text());
                    }
                }
                case ImapParseResult.Parsed p -> dispatch(p.request());
            }
            if (context.budgetSpent() && !(state instanceof ImapState.Logout)) {
                bye("Too many invalid commands");
                return;
            }
            if (context.reader().buffered() == 0) {
                context.flush();
            }
        }
        context.flush();
    }

    private void dispatch(ImapRequest request) throws IOException {
        ImapCommand command = request.command();
        if (!command.allowedIn(ImapState.phase(state))) {
            context.bad(request.tag(), command + " is not valid in this state");
            return;
        }
        if (!command.tlsRule().permits(channel.isTls())) {
            if (command == ImapCommand.STARTTLS) {
                context.bad(request.tag(), "TLS is already active");
            } else {
                context.countBad();
                context.no(request.tag(), "PRIVACYREQUIRED", "Use STARTTLS first: no credentials in clear text");
            }
            return;
        }
        LOG.trace("imap {}: {}", channel, request);
        ImapState before = state;
        int bad = context.badCount();
        context.holdTagged();
        try {
            state = HANDLERS.get(command).handle(request, state, context);
            if (context.badCount() == bad) {
                context.resetBad();
            }
        } catch (StoreException e) {
            StoreErrors.ImapError error = StoreErrors.map(e.error());
            LOG.debug("imap {}: {} failed in the store: {} ({})", channel, command, e.getMessage(), e.error());
            context.no(request.tag(), error.code(), error.text());
        }
        if (before instanceof ImapState.Selected s && !(state instanceof ImapState.Selected now && now.folder() == s.folder())) {
            s.folder().close(); // SELECT of another folder, CLOSE, UNSELECT, LOGOUT: the watch ends (idempotent)
        }
        try {
            if (state instanceof ImapState.Selected s && command != ImapCommand.LOGOUT) {
                s.folder().refresh(context.out(), command.mayExpunge(request.uid()), context.condstore(), context.qresync());
            }
        } catch (StoreException e) {
            if (state instanceof ImapState.Selected s && deleted(s)) {
                context.dropTagged(); // another session deleted the selected folder: the session ends here
                throw new SelectedFolderDeleted();
            }
            throw e;
        } finally {
            context.releaseTagged();
        }
        if (state instanceof ImapState.Logout) {
            release(before);
        }
    }

    private boolean deleted(ImapState.Selected s) {
        var id = s.folder().folder().id();
        return context.backend().store().listFolders(s.user().address()).stream().noneMatch(f -> f.id().equals(id));
    }

    /** A last word before closing; the peer may be gone already. */
    private void bye(String text) {
        try {
            context.out().untaggedStatus(Status.BYE, Optional.empty(), text);
            context.flush();
        } catch (IOException | RuntimeException e) {
            LOG.debug("imap {}: could not send the last response: {}", channel, e.getMessage());
        }
    }

    /** The selected folder was deleted by another session (RFC 3501 section 7.1.5: BYE, then close). */
    private static final class SelectedFolderDeleted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SelectedFolderDeleted() {
            super(null, null, false, false);
        }
    }
}
