package org.postern.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The accounting client of {@link SmtpCrashTest}: threads that send messages, each with its
 * own {@code X-Crash-Id} header and a body made from that id, over plain SMTP, and note which
 * ones the server answered {@code 250} after the final dot (acknowledged) and which ones
 * were sent, wholly or in part, without a reply (the server died first: they may or may not
 * be delivered, but never twice, and never cut short). A lost connection is retried until {@link #close}, across server restarts.
 */
final class SmtpCrashLoad implements AutoCloseable {

    /** What the test expects to find in the mailbox for a message of this id: its body, exactly. */
    static String body(String id) {
        StringBuilder b = new StringBuilder(10_300);
        for (int line = 0; b.length() < 10_000; line++) {
            b.append(id).append(" line ").append(line).append(' ').append("abcdefghijklmnopqrstuvwxyz".repeat(2)).append("\r\n");
        }
        return b.append("end of ").append(id).append("\r\n").toString();
    }

    private final int port;
    private final List<String> recipients;
    private final int perThread;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> unanswered = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /** Starts {@code threads} senders, each sending up to {@code perThread} messages (or until closed). */
    SmtpCrashLoad(int port, List<String> recipients, String tag, int threads, int perThread) {
        this.port = port;
        this.recipients = recipients;
        this.perThread = perThread;
        for (int t = 0; t < threads; t++) {
            String prefix = tag + "-t" + t;
            String recipient = recipients.get(t % recipients.size());
            this.threads.add(Thread.ofPlatform().name("crash-load-" + prefix).start(() -> send(prefix, recipient)));
        }
    }

    /** Acknowledged ids, each with the recipient it went to. */
    Map<String, String> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** Ids whose content was (perhaps partly) sent but got no reply: the server died first. */
    Set<String> unanswered() {
        return Set.copyOf(unanswered);
    }

    /** Messages answered with an error reply (4xx/5xx) after the dot; not acknowledged. */
    int refused() {
        return refused.get();
    }

    private void send(String prefix, String recipient) {
        int seq = 0;
        while (running && seq < perThread) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(60_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream();
                expect(in, "220");
                command(out, "EHLO crash-load.example");
                expect(in, "250");
                while (running && seq < perThread) {
                    String id = prefix + "-" + seq++;
                    command(out, "MAIL FROM:<load@elsewhere.example>");
                    expect(in, "250");
                    command(out, "RCPT TO:<" + recipient + ">");
                    expect(in, "250");
                    command(out, "DATA");
                    expect(in, "354");
                    String message = "From: <load@elsewhere.example>\r\nTo: <" + recipient + ">\r\nSubject: crash " + id
                            + "\r\nX-Crash-Id: " + id + "\r\n\r\n" + body(id) + ".\r\n";
                    unanswered.add(id); // from the first byte on, the server may have it
                    out.write(message.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    String reply = reply(in);
                    if (reply.startsWith("250")) {
                        acknowledged.put(id, recipient);
                        unanswered.remove(id);
                    } else {
                        refused.incrementAndGet();
                        unanswered.remove(id);
                    }
                }
                command(out, "QUIT");
            } catch (IOException e) {
                sleep();
            }
        }
    }

    private static void command(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The last line of a (multi-line) reply; IOException at end of stream. */
    private static String reply(BufferedReader in) throws IOException {
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line;
            }
        }
    }

    private static void expect(BufferedReader in, String code) throws IOException {
        String line = reply(in);
        if (!line.startsWith(code)) {
            throw new IOException("expected " + code + ", got " + line);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the senders that have a limit to finish them. */
    void awaitFinished(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        for (Thread t : threads) {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            for (Thread t : threads) {
                t.join(70_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
