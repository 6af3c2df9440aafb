package org.postern.transport.relay;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.security.sasl.SaslException;
import org.postern.auth.GssapiInitiator;
import org.postern.auth.GssapiMechanism;
import org.postern.protocols.io.CrlfLineReader;
import org.postern.protocols.sasl.SaslCodec;
import org.postern.protocols.sasl.SaslFormatException;
import org.postern.protocols.smtp.DotStuffingOutputStream;
import org.postern.protocols.smtp.EhloResponse;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.RcptParameters;
import org.postern.protocols.smtp.ReplyReadResult;
import org.postern.protocols.smtp.ReversePath;
import org.postern.protocols.smtp.SmtpCommand;
import org.postern.protocols.smtp.SmtpExtension;
import org.postern.protocols.smtp.SmtpReply;
import org.postern.protocols.smtp.SmtpReplyReader;

/**
 * One connection of the hub's SMTP client to one server: the wire side of RFC 5321 (section
 * 4.5.3.2 timeouts per reply), EHLO with HELO fallback, STARTTLS (RFC 3207; nothing the server
 * sent before the handshake is read afterwards), AUTH PLAIN (RFC 4954, RFC 4616), and one mail
 * transaction at a time — pipelined when the server offers PIPELINING (RFC 2920: MAIL, every
 * RCPT and DATA in one write), with DATA and dot-stuffing (section 4.5.2) or BDAT LAST for
 * BINARYMIME (RFC 3030). RSET (section 4.1.1.5) readies it for the next message.
 *
 * <p>It decides nothing: which extensions to use, whether TLS is required, what a reply
 * means for a recipient — that is {@link SmtpRelay}'s. Not thread-safe; one user at a time.
 * Any {@link IOException} leaves the connection unusable.
 */
final class SmtpClient implements AutoCloseable {

    /** The octets a reply line may have (RFC 5321 section 4.5.3.1.5 says 512; some servers send more). */
    private static final int MAX_REPLY_LINE = 4096;

    private final NextHop hop;
    private final InetSocketAddress address;
    private final ClientTimeouts timeouts;
    private final SmtpReplyReader replies = new SmtpReplyReader();
    private Socket socket;
    private CrlfLineReader in;
    private OutputStream out;
    private Optional<EhloResponse> ehlo = Optional.empty();
    private int transactions;
    /** LMTP (RFC 2033): said LHLO; the end of data brings one reply per accepted recipient. */
    private boolean lmtp;

    private SmtpClient(NextHop hop, InetSocketAddress address, ClientTimeouts timeouts, Socket socket) throws IOException {
        this.hop = hop;
        this.address = address;
        this.timeouts = timeouts;
        attach(socket);
    }

    /** Connects; the caller reads the greeting with {@link #greeting()}. */
    static SmtpClient connect(NextHop hop, InetAddress ip, ClientTimeouts timeouts) throws IOException {
        InetSocketAddress address = new InetSocketAddress(ip, hop.port());
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) timeouts.connect().toMillis());
            return new SmtpClient(hop, address, timeouts, socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        this.in = new CrlfLineReader(s.getInputStream(), MAX_REPLY_LINE);
        this.out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
    }

    NextHop hop() {
        return hop;
    }

    /** {@code host[address]:port}, as logs and reports name the peer. */
    String peer() {
        return hop.host() + "[" + address.getAddress().getHostAddress() + "]:" + address.getPort();
    }

    Optional<EhloResponse> ehlo() {
        return ehlo;
    }

    /**
     * The host name of the peer's Kerberos service principal ({@code smtp/NAME}): the host this
     * client was told to reach, or, when that is an address, the name the peer gave in its
     * EHLO/LHLO reply.
     */
    String kerberosHostName() {
        String host = hop.host();
        boolean address = host.indexOf(':') >= 0 || host.matches("[0-9.]+");
        return address ? ehlo.map(EhloResponse::serverName).orElse(host) : host;
    }

    boolean supports(SmtpExtension extension) {
        return ehlo.map(e -> e.supports(extension)).orElse(false);
    }

    boolean isTls() {
        return socket instanceof SSLSocket;
    }

    /** The TLS version and cipher suite, when TLS is on. */
    Optional<String> tlsDescription() {
        if (socket instanceof SSLSocket tls) {
            SSLSession s = tls.getSession();
            return Optional.of(s.getProtocol() + " " + s.getCipherSuite());
        }
        return Optional.empty();
    }

    int transactions() {
        return transactions;
    }

    SmtpReply greeting() throws IOException {
        return read(timeouts.greeting());
    }

    /**
     * EHLO, or HELO when the server refuses EHLO (RFC 5321 section 3.2); the reply to EHLO
     * (or HELO) is returned, and the extensions are remembered.
     */
    SmtpReply hello(String name) throws IOException {
        SmtpReply reply = command(new SmtpCommand.Ehlo(name).toLine(), timeouts.command());
        ehlo = EhloResponse.parse(reply);
        if (ehlo.isPresent() || reply.code().isTransientFailure() && reply.code().value() == 421) {
            return reply;
        }
        SmtpReply helo = command(new SmtpCommand.Helo(name).toLine(), timeouts.command());
        if (helo.code().isPositive()) {
            ehlo = Optional.of(new EhloResponse(helo.lines().getFirst().split(" ", 2)[0], Map.of()));
        }
        return helo;
    }

    /** LHLO (RFC 2033 section 4.1): the LMTP hello; the extensions are remembered. */
    SmtpReply lhlo(String name) throws IOException {
        SmtpReply reply = command(new SmtpCommand.Lhlo(name).toLine(), timeouts.command());
        ehlo = EhloResponse.parse(reply);
        lmtp = true;
        return reply;
    }

    /** Sends STARTTLS; on 220 the caller completes it with {@link #upgrade}. */
    SmtpReply startTls() throws IOException {
        return command(new SmtpCommand.StartTls().toLine(), timeouts.command());
    }

    /**
     * After a 220 to STARTTLS: drops anything buffered from the plain stream (a server that
     * sent it is attacking or broken), handshakes, and forgets the extensions — the caller
     * says EHLO again (RFC 3207 section 4.2).
     */
    void upgrade(ClientTls tls, TlsPolicy policy) throws IOException {
        in.discardBuffered();
        socket.setSoTimeout((int) timeouts.command().toMillis());
        attach(tls.handshake(socket, hop, policy));
        ehlo = Optional.empty();
    }

    /** AUTH PLAIN with an initial response (RFC 4954 section 4, RFC 4616). */
    SmtpReply authPlain(String user, String password) throws IOException {
        byte[] message = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        String ir = java.util.Base64.getEncoder().encodeToString(message);
        return command(new SmtpCommand.Auth("PLAIN", Optional.of(ir)).toLine(), timeouts.command());
    }

    /**
     * AUTH GSSAPI (RFC 4954 section 4, RFC 4752): {@code AUTH GSSAPI} without an initial
     * response (the Kerberos token is longer than some servers take on a command line), then the
     * token after the empty {@code 334}, and one response per challenge until the server's final
     * reply. A token the initiator cannot make or a challenge it refuses cancels the exchange
     * ({@code *}) and is thrown.
     */
    SmtpReply authGssapi(GssapiInitiator.Exchange exchange) throws IOException {
        SmtpReply reply = command(new SmtpCommand.Auth(GssapiMechanism.NAME, Optional.empty()).toLine(), timeouts.command());
        boolean first = true;
        for (int round = 0; reply.code().value() == 334; round++) {
            byte[] response;
            try {
                if (round >= MAX_SASL_ROUNDS) {
                    throw new SaslException("too many challenges from " + peer());
                }
                byte[] challenge = SaslCodec.decode(reply.lines().getFirst().strip(), SaslCodec.DEFAULT_MAX_DECODED);
                response = first ? exchange.initialResponse() : exchange.evaluate(challenge);
                first = false;
            } catch (SaslException | SaslFormatException e) {
                command("*", timeouts.command());
                throw new SaslException("GSSAPI with " + peer() + " failed: " + e.getMessage(), e);
            }
            reply = command(java.util.Base64.getEncoder().encodeToString(response), timeouts.command());
        }
        return reply;
    }

    /** More challenges than a GSSAPI exchange has (RFC 4752 needs three) means a broken or hostile server. */
    private static final int MAX_SASL_ROUNDS = 8;

    SmtpReply rset() throws IOException {
        return command(new SmtpCommand.Rset().toLine(), timeouts.command());
    }

    /** One recipient's fate in a transaction: the reply that decided it, and to which command. */
    record RecipientReply(SmtpReply reply, String stage) {
    }

    /**
     * One mail transaction. Replies come back in the order of {@code recipients}: the RCPT
     * refusal, or the MAIL/DATA refusal, or the reply to the end of data. Only when the whole
     * exchange ran its course is the connection fit for another transaction.
     *
     * @param bdat send the content with {@code BDAT n LAST} (BINARYMIME) instead of DATA
     */
    List<RecipientReply> transaction(ReversePath from, MailParameters mailParams, List<ForwardPath> recipients,
                                     List<RcptParameters> rcptParams, ContentSource content, long size,
                                     boolean bdat) throws IOException {
        boolean pipelining = supports(SmtpExtension.PIPELINING);
        transactions++;
        write(new SmtpCommand.Mail(from, mailParams).toLine());
        SmtpReply mail = null;
        if (!pipelining) {
            mail = flushAndRead(timeouts.mail());
            if (!mail.code().isPositive()) {
                return all(recipients.size(), new RecipientReply(mail, "MAIL FROM"));
            }
        }
        List<SmtpReply> rcpt = new ArrayList<>(recipients.size());
        for (int i = 0; i < recipients.size(); i++) {
            write(new SmtpCommand.Rcpt(recipients.get(i), rcptParams.get(i)).toLine());
            if (!pipelining) {
                rcpt.add(flushAndRead(timeouts.rcpt()));
            }
        }
        boolean dataPipelined = pipelining && !bdat;
        if (dataPipelined) {
            write(new SmtpCommand.Data().toLine());
        }
        if (pipelining) {
            out.flush();
            mail = read(timeouts.mail());
            for (int i = 0; i < recipients.size(); i++) {
                rcpt.add(read(timeouts.rcpt()));
            }
        }
        boolean anyAccepted = rcpt.stream().anyMatch(r -> r.code().isPositive());
        SmtpReply dataReply = null;
        if (dataPipelined) {
            dataReply = read(timeouts.dataInit());
        }
        if (!mail.code().isPositive()) {
            if (dataReply != null && dataReply.code().value() == 354) {
                endEmptyData();
            }
            return all(recipients.size(), new RecipientReply(mail, "MAIL FROM"));
        }
        List<RecipientReply> result = new ArrayList<>(recipients.size());
        for (SmtpReply r : rcpt) {
            result.add(new RecipientReply(r, "RCPT TO"));
        }
        if (!anyAccepted) {
            if (dataReply != null && dataReply.code().value() == 354) {
                endEmptyData(); // RFC 2920 section 3.1: a server that said 354 anyway gets an empty message
            }
            return result;
        }
        SmtpReply last;
        String lastStage;
        if (bdat) {
            write(new SmtpCommand.Bdat(size, true).toLine());
            try (InputStream body = content.open(); Watchdog w = new Watchdog()) {
                body.transferTo(w.stream());
                w.stream().flush();
            }
            last = flushAndRead(timeouts.dataTermination());
            lastStage = "BDAT";
        } else {
            if (dataReply == null) {
                write(new SmtpCommand.Data().toLine());
                dataReply = flushAndRead(timeouts.dataInit());
            }
            if (dataReply.code().value() != 354) {
                for (int i = 0; i < result.size(); i++) {
                    if (result.get(i).reply().code().isPositive()) {
                        result.set(i, new RecipientReply(dataReply, "DATA"));
                    }
                }
                return result;
            }
            try (InputStream body = content.open(); Watchdog w = new Watchdog()) {
                // dot-stuffing writes octet by octet: a buffer before the watched stream keeps that cheap
                BufferedOutputStream buffered = new BufferedOutputStream(new KeepOpen(w.stream()), 16 * 1024);
                DotStuffingOutputStream data = new DotStuffingOutputStream(buffered);
                body.transferTo(data);
                data.finish();
                buffered.flush();
            }
            if (lmtp) { // RFC 2033 section 4.2: a reply for each recipient whose RCPT succeeded, in order
                out.flush();
                for (int i = 0; i < result.size(); i++) {
                    if (result.get(i).reply().code().isPositive()) {
                        result.set(i, new RecipientReply(read(timeouts.dataTermination()), "end of data"));
                    }
                }
                return result;
            }
            last = flushAndRead(timeouts.dataTermination());
            lastStage = "end of data";
        }
        for (int i = 0; i < result.size(); i++) {
            if (result.get(i).reply().code().isPositive()) {
                result.set(i, new RecipientReply(last, lastStage));
            }
        }
        return result;
    }

    private void endEmptyData() throws IOException {
        write(".");
        flushAndRead(timeouts.dataTermination());
    }

    private static List<RecipientReply> all(int n, RecipientReply reply) {
        List<RecipientReply> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(reply);
        }
        return out;
    }

    /** Sends QUIT and closes, politely and briefly; never throws. */
    void quit() {
        try {
            socket.setSoTimeout(2_000);
            write(new SmtpCommand.Quit().toLine());
            flushAndRead(Duration.ofSeconds(2));
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
        close();
    }

    SmtpReply command(String line, Duration timeout) throws IOException {
        write(line);
        return flushAndRead(timeout);
    }

    private void write(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private SmtpReply flushAndRead(Duration timeout) throws IOException {
        out.flush();
        return read(timeout);
    }

    private SmtpReply read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return switch (replies.read(in)) {
            case ReplyReadResult.Reply r -> r.reply();
            case ReplyReadResult.Malformed m -> throw new ProtocolException("malformed reply from " + peer() + ": " + m.reason());
            case ReplyReadResult.EndOfStream e -> throw new EOFException(peer() + " closed the connection");
        };
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public String toString() {
        return peer();
    }

    /** Where the content comes from; opened once per attempt. */
    @FunctionalInterface
    interface ContentSource {
        InputStream open() throws IOException;
    }

    /**
     * The data-block timeout of RFC 5321 section 4.5.3.2.5 (3 minutes): socket writes have no
     * timeout in the JDK, so while the content goes out a virtual thread watches the writes,
     * and closes the socket when one has been blocked longer than that — the write then fails
     * with an {@link IOException} like any lost connection.
     */
    private final class Watchdog implements AutoCloseable {
        private volatile long blockedSince;
        private volatile boolean done;
        private final Thread thread;
        private final OutputStream guarded;

        Watchdog() {
            long limit = timeouts.dataBlock().toNanos();
            guarded = new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    blockedSince = System.nanoTime();
                    try {
                        out.write(b, off, len);
                    } finally {
                        blockedSince = 0;
                    }
                }

                @Override
                public void flush() throws IOException {
                    blockedSince = System.nanoTime();
                    try {
                        out.flush();
                    } finally {
                        blockedSince = 0;
                    }
                }

                @Override
                public void close() {
                    // the connection's stream stays open
                }
            };
            thread = Thread.ofVirtual().name("postern-relay-data-watchdog").start(() -> {
                long pause = Math.max(10, Math.min(1_000, timeouts.dataBlock().toMillis() / 4));
                while (!done) {
                    try {
                        Thread.sleep(pause);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long since = blockedSince;
                    if (!done && since != 0 && System.nanoTime() - since > limit) {
                        SmtpClient.this.close();
                        return;
                    }
                }
            });
        }

        /** The connection's stream, under watch; closing it leaves the connection open. */
        OutputStream stream() {
            return guarded;
        }

        @Override
        public void close() {
            done = true;
            thread.interrupt();
        }
    }

    /** Lets the dot-stuffing stream finish without closing the connection's stream. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
