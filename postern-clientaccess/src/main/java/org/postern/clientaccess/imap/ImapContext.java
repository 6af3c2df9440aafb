package org.postern.clientaccess.imap;

import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.postern.core.net.Connection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.postern.auth.AuthContext;
import org.postern.protocols.imap.ImapCapabilities;
import org.postern.protocols.imap.ImapCommand;
import org.postern.protocols.imap.ImapCommandParser;
import org.postern.protocols.imap.ImapCommandReader;
import org.postern.protocols.imap.ImapExtension;
import org.postern.protocols.imap.ImapResponseWriter;
import org.postern.protocols.imap.ImapRevision;
import org.postern.protocols.imap.ImapResponseWriter.Status;
import org.postern.protocols.io.CrlfLineReader;
import org.postern.protocols.io.LineResult;

/**
 * What a handler works with: the channel and its reader and writer (rebuilt after STARTTLS and
 * COMPRESS),
 * the backend, the extensions the client enabled (RFC 5161), and the bad-command budget.
 */
final class ImapContext {

    /** The extensions this server runs. */
    static final Set<ImapExtension> EXTENSIONS = EnumSet.allOf(ImapExtension.class);

    /**
     * The read-ahead buffer per session: small, as most sessions sit idle (literals larger than
     * it are read past it, straight from the stream).
     */
    private static final int READ_BUFFER = 4096;

    private final Connection connection;
    private final Optional<SSLContext> startTls;
    private final ImapBackend backend;
    private final Set<ImapCommand> commands;
    private final Set<ImapExtension> enabled = EnumSet.noneOf(ImapExtension.class);
    private CrlfLineReader reader;
    private ImapCommandReader commandReader;
    private ImapResponseWriter writer;
    private int badCommands;
    private Inflater inflater;
    private Deflater deflater;
    private List<Long> savedSearch = List.of();

    ImapContext(Connection connection, Optional<SSLContext> startTls, ImapBackend backend, Set<ImapCommand> commands) {
        this.connection = connection;
        this.startTls = startTls;
        this.backend = backend;
        this.commands = commands;
        streams();
    }

    /** (Re)builds the reader and writer over the connection's current streams (at the start, after STARTTLS). */
    void streams() {
        build(connection.input(), connection.output());
    }

    private void build(InputStream in, OutputStream out) {
        // An IMAP session mostly waits (IDLE, a client left open): no read buffer while it does (ADR 0016)
        this.reader = CrlfLineReader.releasingWhileWaiting(in, backend.limits().maxLineLength(), READ_BUFFER);
        this.commandReader = commandReader(reader);
        ImapResponseWriter w = new ImapResponseWriter(out);
        w.utf8(utf8());
        this.writer = w;
    }

    /** A command reader over {@code in} with the grammar of the session's revision. */
    private ImapCommandReader commandReader(CrlfLineReader in) {
        ImapRevision revision = imap4rev2() ? ImapRevision.IMAP4REV2 : ImapRevision.IMAP4REV1;
        return new ImapCommandReader(in, backend.limits(), new ImapCommandParser(backend.limits(), revision));
    }

    boolean compressed() {
        return inflater != null;
    }

    /**
     * Turns on DEFLATE (RFC 4978 section 4, raw deflate of RFC 1951) in both directions, right
     * after the OK went out: octets the client sent after COMPRESS and that were read ahead are
     * already compressed and go to the inflater first. Each flush of a response is a sync flush.
     */
    void compress() throws IOException {
        byte[] ahead = new byte[reader.buffered()];
        int n = 0;
        while (n < ahead.length) {
            n += reader.read(ahead, n, ahead.length - n);
        }
        inflater = new Inflater(true);
        deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        InputStream in = new InflaterInputStream(new SequenceInputStream(new ByteArrayInputStream(ahead), connection.input()), inflater, READ_BUFFER);
        OutputStream out = new DeflaterOutputStream(connection.output(), deflater, READ_BUFFER, true);
        build(in, out);
    }

    /** Frees what the session holds outside the heap (the DEFLATE state). */
    void close() {
        if (inflater != null) {
            inflater.end();
            deflater.end();
        }
    }

    Connection connection() {
        return connection;
    }

    /** True when STARTTLS may be offered: not yet TLS, and the listener has a context for it. */
    boolean canStartTls() {
        return !connection.isTls() && startTls.isPresent();
    }

    /** Completes the TLS handshake as the server; the caller rebuilds the streams. */
    void startTls() throws IOException {
        connection.startTls(startTls.orElseThrow(() -> new IllegalStateException("no STARTTLS on this listener")));
    }

    ImapBackend backend() {
        return backend;
    }

    CrlfLineReader reader() {
        return reader;
    }

    ImapCommandReader commandReader() {
        return commandReader;
    }

    ImapResponseWriter out() {
        return writer;
    }

    AuthContext authContext() {
        return new AuthContext("imap", connection.remoteAddress(), connection.isTls());
    }

    /** CAPABILITY for the session's state now. */
    List<String> capabilities(boolean authenticated) {
        List<String> mechanisms = authenticated ? List.of() : backend.authenticator().mechanisms(authContext());
        return ImapCapabilities.of(commands, EXTENSIONS, connection.isTls(), canStartTls(), authenticated, mechanisms,
                backend.limits().maxAppend());
    }

    boolean enabled(ImapExtension e) {
        return enabled.contains(e);
    }

    void enable(ImapExtension e) {
        enabled.add(e);
        if (e == ImapExtension.QRESYNC) {
            enabled.add(ImapExtension.CONDSTORE);
        }
        if (e == ImapExtension.UTF8_ACCEPT || e == ImapExtension.IMAP4REV2) {
            writer.utf8(true);
        }
        if (e == ImapExtension.IMAP4REV2) {
            commandReader = commandReader(reader); // the next command is read with rev2's grammar
        }
    }

    /**
     * True once the client sent {@code ENABLE IMAP4rev2} (RFC 9051 section 6.3.1): no \Recent or
     * RECENT, SEARCH answered with ESEARCH, mailbox names and quoted strings in UTF-8.
     */
    boolean imap4rev2() {
        return enabled.contains(ImapExtension.IMAP4REV2);
    }

    /** True when names and strings travel in UTF-8: UTF8=ACCEPT (RFC 6855) or IMAP4rev2 (RFC 9051 section 5.1). */
    private boolean utf8() {
        return enabled.contains(ImapExtension.UTF8_ACCEPT) || enabled.contains(ImapExtension.IMAP4REV2);
    }

    boolean condstore() {
        return enabled.contains(ImapExtension.CONDSTORE);
    }

    boolean qresync() {
        return enabled.contains(ImapExtension.QRESYNC);
    }

    List<Long> savedSearch() {
        return savedSearch;
    }

    void saveSearch(List<Long> uids) {
        savedSearch = List.copyOf(uids);
    }

    /** A mailbox name as the client wrote it, decoded (modified UTF-7 unless UTF8=ACCEPT or IMAP4rev2). */
    Optional<String> decodeName(String wire) {
        return MailboxNames.decode(wire, utf8());
    }

    String encodeName(String name) {
        return MailboxNames.encode(name, utf8());
    }

    // --- replies ---

    /** A tagged response held back until the untagged updates are out. */
    private record Tagged(String tag, Status status, Optional<String> code, String text) {
    }

    private final List<Tagged> held = new java.util.ArrayList<>();
    private boolean holding;

    /**
     * From now on, tagged responses wait for {@link #releaseTagged()}: the dispatcher sends the
     * untagged updates of the selected folder first (RFC 3501 section 7: they come before the
     * command's completion).
     */
    void holdTagged() {
        holding = true;
    }

    void releaseTagged() throws IOException {
        holding = false;
        for (Tagged t : held) {
            writer.tagged(t.tag(), t.status(), t.code(), t.text());
        }
        held.clear();
    }

    /** Forgets the held tagged responses: the session ends before the command completes. */
    void dropTagged() {
        held.clear();
        holding = false;
    }

    private void tagged(String tag, Status status, Optional<String> code, String text) throws IOException {
        if (holding) {
            held.add(new Tagged(tag, status, code, text));
        } else {
            writer.tagged(tag, status, code, text);
        }
    }

    void ok(String tag, String text) throws IOException {
        tagged(tag, Status.OK, Optional.empty(), text);
    }

    void ok(String tag, String code, String text) throws IOException {
        tagged(tag, Status.OK, Optional.of(code), text);
    }

    void no(String tag, String text) throws IOException {
        tagged(tag, Status.NO, Optional.empty(), text);
    }

    void no(String tag, String code, String text) throws IOException {
        tagged(tag, Status.NO, Optional.of(code), text);
    }

    /** BAD, counted against the budget. */
    void bad(String tag, String text) throws IOException {
        badCommands++;
        tagged(tag, Status.BAD, Optional.empty(), text);
    }

    void untagged(String text) throws IOException {
        writer.untagged(text);
    }

    void flush() throws IOException {
        writer.flush();
    }

    LineResult readLine(int max) throws IOException {
        return reader.readLine(max);
    }

    void countBad() {
        badCommands++;
    }

    int badCount() {
        return badCommands;
    }

    void resetBad() {
        badCommands = 0;
    }

    boolean budgetSpent() {
        return badCommands >= backend.limits().maxBadCommands();
    }
}
