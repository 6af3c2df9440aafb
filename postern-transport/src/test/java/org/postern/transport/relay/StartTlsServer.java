package org.postern.transport.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.postern.core.tls.SelfSignedCertificate;
import org.postern.core.tls.TlsMaterial;

/**
 * A minimal SMTP server with STARTTLS (RFC 3207) for the client's TLS tests — smtp-sink has
 * no TLS. It offers STARTTLS before TLS and AUTH PLAIN only after, accepts everything, and
 * records each command with {@code TLS} or {@code PLAIN} in front. Its certificate is
 * Postern's self-signed one for {@code tls.test} (also naming localhost and 127.0.0.1).
 */
final class StartTlsServer implements AutoCloseable {

    final Path certificate;
    final List<String> commands = new CopyOnWriteArrayList<>();
    private final SSLContext context;
    private final ServerSocket server;
    /** When set, STARTTLS is answered 220 and then noise instead of a handshake (a broken TLS stack). */
    volatile boolean brokenTls;

    /** Serves with the certificate in {@code folder}, made there (for tls.test) if there is none yet. */
    StartTlsServer(Path folder, InetAddress bind) throws Exception {
        certificate = folder.resolve("certificate.pem");
        Path key = folder.resolve("key.pem");
        if (!java.nio.file.Files.exists(certificate)) {
            SelfSignedCertificate.create("tls.test", certificate, key);
        }
        context = TlsMaterial.load(certificate, key).serverContext();
        server = new ServerSocket(0, 10, bind);
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        Socket socket = plain;
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            say(out, "220 tls.test ESMTP test server");
            boolean tls = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                commands.add((tls ? "TLS " : "PLAIN ") + line);
                String verb = line.split(" ", 2)[0].toUpperCase(java.util.Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> say(out, tls ? "250-tls.test\r\n250-PIPELINING\r\n250-AUTH PLAIN\r\n250 8BITMIME"
                            : "250-tls.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME");
                    case "STARTTLS" -> {
                        say(out, "220 2.0.0 Ready to start TLS");
                        if (brokenTls) {
                            say(out, "this is not a TLS record");
                            commands.add("BROKEN TLS");
                            return;
                        }
                        SSLSocket wrapped = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
                        wrapped.setUseClientMode(false);
                        try {
                            wrapped.startHandshake();
                        } catch (IOException e) {
                            commands.add("HANDSHAKE FAILED");
                            wrapped.close();
                            return;
                        }
                        socket = wrapped;
                        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                        out = socket.getOutputStream();
                        tls = true;
                    }
                    case "AUTH" -> say(out, tls ? "235 2.7.0 Authentication successful" : "538 5.7.11 Encryption required");
                    case "MAIL", "RCPT", "RSET", "NOOP" -> say(out, "250 2.0.0 OK");
                    case "DATA" -> {
                        say(out, "354 End data with <CR><LF>.<CR><LF>");
                        for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                            // swallowed
                        }
                        commands.add((tls ? "TLS " : "PLAIN ") + ".");
                        say(out, "250 2.0.0 Queued");
                    }
                    case "QUIT" -> {
                        say(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> say(out, "502 5.5.2 Unknown command");
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
