import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The IMAP load client of bench/imap (run with the JDK's source launcher: java ImapBench.java ...).
 * The same client, with the same seeded requests, runs against every server; every connection
 * uses implicit TLS (both servers refuse LOGIN in clear text).
 *
 *   java ImapBench.java append HOST PORT USER PASS MESSAGES SEED LARGE_PERCENT CONNECTIONS
 *   java ImapBench.java load   HOST PORT USER PASS SECONDS WORKERS SEED IDLE_SESSIONS DELIVERIES
 *   java ImapBench.java idle   HOST PORT USER_FORMAT PASS SESSIONS USERS SOURCES HOLD_SECONDS READY_FILE
 *
 * append: the deterministic mailbox (message i is the same bytes for every server).
 * load: phases of WORKERS connections for SECONDS each; one line per phase:
 *   RESULT kind ops seconds ops/s p50_ms p99_ms detail
 * idle: SESSIONS connections (USER_FORMAT with %d for the user number, SESSIONS spread over USERS
 *   users and over SOURCES loopback source addresses 127.0.0.2...), each logged in, INBOX selected
 *   and in IDLE; prints "ESTABLISHED n", touches READY_FILE, holds HOLD_SECONDS, then ends.
 */
public final class ImapBench {

    static final String[] WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
            + "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu meeting report "
            + "budget quarter project schedule review invoice contract shipment customer supplier release version "
            + "server network storage backup security account password message mailbox calendar contact").split(" ");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "append" -> append(args);
            case "load" -> load(args);
            case "idle" -> idle(args);
            case "message" -> System.out.write(message(Integer.parseInt(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3])));
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.flush();
    }

    // ------------------------------------------------------------------------------- mailbox

    /** Message i of the mailbox: headers, a text/plain and text/html alternative, and for large ones a base64 attachment. */
    static byte[] message(int i, long seed, int largePercent) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
        boolean large = r.nextInt(100) < largePercent;
        int size = large ? 100 * 1024 + r.nextInt(924 * 1024) : 2 * 1024 + r.nextInt(18 * 1024);
        ZonedDateTime date = ZonedDateTime.of(2024, 1, 1, 8, 0, 0, 0, ZoneOffset.UTC).plusMinutes(i * 7L);
        String from = WORDS[r.nextInt(WORDS.length)] + "." + WORDS[r.nextInt(WORDS.length)] + "@sender" + (i % 37) + ".example";
        String boundary = "b" + Long.toHexString(r.nextLong());
        StringBuilder h = new StringBuilder();
        h.append("Return-Path: <").append(from).append(">\r\n");
        h.append("Received: from mx").append(i % 5).append(".sender.example (mx.sender.example [192.0.2.").append(i % 250 + 1)
                .append("])\r\n\tby mail.example.test with ESMTPS id ").append(Long.toHexString(r.nextLong())).append(";\r\n\t")
                .append(date.format(DateTimeFormatter.RFC_1123_DATE_TIME)).append("\r\n");
        h.append("From: \"").append(cap(WORDS[r.nextInt(WORDS.length)])).append(" Sender\" <").append(from).append(">\r\n");
        h.append("To: Bench User <bench@example.test>\r\n");
        if (i % 3 == 0) {
            h.append("Cc: team").append(i % 11).append("@example.test\r\n");
        }
        h.append("Subject: ").append(cap(WORDS[r.nextInt(WORDS.length)])).append(' ').append(WORDS[r.nextInt(WORDS.length)])
                .append(" topic-").append(i % 100).append(" #").append(i).append("\r\n");
        h.append("Date: ").append(date.format(DateTimeFormatter.RFC_1123_DATE_TIME)).append("\r\n");
        h.append("Message-ID: <").append(i).append('.').append(seed).append("@sender.example>\r\n");
        if (i > 0 && i % 4 == 0) {
            h.append("In-Reply-To: <").append(i - 1).append('.').append(seed).append("@sender.example>\r\n");
        }
        h.append("MIME-Version: 1.0\r\n");
        h.append("Content-Type: multipart/").append(large ? "mixed" : "alternative").append("; boundary=\"").append(boundary).append("\"\r\n");
        h.append("\r\nThis is a multi-part message in MIME format.\r\n");
        int textBudget = large ? 2048 + r.nextInt(4096) : size - h.length() - 400;
        StringBuilder text = new StringBuilder();
        text.append("Hello,\r\n\r\nmarker").append(i % 500).append(" is in this message.\r\n");
        int col = 0;
        while (text.length() < Math.max(200, textBudget / 2)) {
            String w = WORDS[r.nextInt(WORDS.length)];
            text.append(w);
            col += w.length() + 1;
            if (col > 70) {
                text.append("\r\n");
                col = 0;
            } else {
                text.append(' ');
            }
        }
        text.append("\r\n");
        StringBuilder b = new StringBuilder(h);
        if (large) {
            b.append("--").append(boundary).append("\r\nContent-Type: multipart/alternative; boundary=\"a").append(boundary).append("\"\r\n\r\n");
            alternative(b, "a" + boundary, text);
            b.append("--").append(boundary).append("\r\nContent-Type: application/octet-stream; name=\"data").append(i)
                    .append(".bin\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"data")
                    .append(i).append(".bin\"\r\n\r\n");
            byte[] raw = new byte[Math.max(1024, (size - b.length()) * 3 / 4)];
            for (int k = 0; k < raw.length; k++) {
                raw[k] = (byte) r.nextInt(256);
            }
            String enc = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(raw);
            b.append(enc).append("\r\n");
            b.append("--").append(boundary).append("--\r\n");
        } else {
            alternative(b, boundary, text);
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void alternative(StringBuilder b, String boundary, CharSequence text) {
        b.append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n");
        b.append(text);
        b.append("--").append(boundary).append("\r\nContent-Type: text/html; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n");
        b.append("<html><body><p>").append(text.toString().replace("\r\n\r\n", "</p><p>")).append("</p></body></html>\r\n");
        b.append("--").append(boundary).append("--\r\n");
    }

    private static String cap(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    static void append(String[] a) throws Exception {
        String host = a[1];
        int port = Integer.parseInt(a[2]);
        int messages = Integer.parseInt(a[5]);
        long seed = Long.parseLong(a[6]);
        int largePercent = Integer.parseInt(a[7]);
        int connections = Integer.parseInt(a[8]);
        AtomicInteger next = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int c = 0; c < connections; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (Imap imap = Imap.open(host, port, null)) {
                    imap.login(a[3], a[4]);
                    while (true) {
                        int i = next.getAndIncrement();
                        if (i >= messages) {
                            break;
                        }
                        byte[] m = message(i, seed, largePercent);
                        bytes.addAndGet(m.length);
                        imap.append("INBOX", m);
                    }
                    imap.logout();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            failures.get(0).printStackTrace();
            System.exit(1);
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "APPENDED %d messages, %.1f MiB in %.1f s (%.0f msg/s)%n", messages, bytes.get() / 1048576.0, s, messages / s);
    }

    // ------------------------------------------------------------------------------- load

    interface Op {
        /** Runs one operation; returns a number to add to the phase's detail (hits, bytes). */
        long run(Imap imap, SplittableRandom r, int exists) throws IOException;
    }

    record Phase(String kind, boolean select, Op op) {
    }

    static void load(String[] a) throws Exception {
        String host = a[1];
        int port = Integer.parseInt(a[2]);
        String user = a[3], pass = a[4];
        double seconds = Double.parseDouble(a[5]);
        int workers = Integer.parseInt(a[6]);
        long seed = Long.parseLong(a[7]);
        int idleSessions = Integer.parseInt(a[8]);
        int deliveries = Integer.parseInt(a[9]);
        List<Phase> phases = List.of(
                new Phase("select", false, (imap, r, n) -> imap.select("INBOX")),
                new Phase("fetch-headers", true, (imap, r, n) -> {
                    int from = 1 + r.nextInt(Math.max(1, n - 49));
                    return imap.command("FETCH " + from + ":" + (from + 49)
                            + " (UID FLAGS RFC822.SIZE ENVELOPE BODY.PEEK[HEADER.FIELDS (FROM TO CC SUBJECT DATE MESSAGE-ID)])").bytes;
                }),
                new Phase("fetch-body", true, (imap, r, n) -> imap.command("FETCH " + (1 + r.nextInt(n)) + " BODY.PEEK[]").bytes),
                new Phase("search-header", true, (imap, r, n) -> imap.search("UID SEARCH SUBJECT \"topic-" + r.nextInt(100) + " \"")),
                new Phase("search-body", true, (imap, r, n) -> imap.search("UID SEARCH BODY \"marker" + r.nextInt(500) + " \"")),
                new Phase("store", true, (imap, r, n) -> {
                    int m = 1 + r.nextInt(n);
                    imap.command("STORE " + m + (r.nextBoolean() ? " +" : " -") + "FLAGS.SILENT (\\Flagged)");
                    return 1;
                }));
        int[] only = null;
        if (System.getenv("PHASES") != null && !System.getenv("PHASES").isBlank()) {
            List<String> names = Arrays.asList(System.getenv("PHASES").split("[ ,]+"));
            only = phases.stream().mapToInt(p -> names.contains(p.kind) ? 1 : 0).toArray();
        }
        for (int pi = 0; pi < phases.size(); pi++) {
            if (only != null && only[pi] == 0) {
                continue;
            }
            runPhase(phases.get(pi), host, port, user, pass, seconds, workers, seed + pi * 7919L);
        }
        if (idleSessions > 0 && (only == null || System.getenv("PHASES").contains("idle"))) {
            idlePhase(host, port, user, pass, idleSessions, deliveries, seed);
        }
    }

    static void runPhase(Phase phase, String host, int port, String user, String pass, double seconds, int workers, long seed)
            throws Exception {
        List<Imap> sessions = new ArrayList<>();
        int exists = 0;
        for (int w = 0; w < workers; w++) {
            Imap imap = Imap.open(host, port, null);
            imap.login(user, pass);
            exists = imap.select("INBOX");
            sessions.add(imap);
        }
        int n = exists;
        long[][] latencies = new long[workers][];
        int[] counts = new int[workers];
        long[] detail = new long[workers];
        CountDownLatch go = new CountDownLatch(1);
        long[] bounds = new long[2];
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int w = 0; w < workers; w++) {
            int id = w;
            threads.add(Thread.ofPlatform().start(() -> {
                SplittableRandom r = new SplittableRandom(seed + id);
                long[] lat = new long[1024];
                int c = 0;
                try {
                    go.await();
                    long end = bounds[1];
                    Imap imap = sessions.get(id);
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        detail[id] += phase.op.run(imap, r, n);
                        long t1 = System.nanoTime();
                        if (c == lat.length) {
                            lat = Arrays.copyOf(lat, c * 2);
                        }
                        lat[c++] = t1 - t0;
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
                latencies[id] = Arrays.copyOf(lat, c);
                counts[id] = c;
            }));
        }
        bounds[0] = System.nanoTime();
        bounds[1] = bounds[0] + (long) (seconds * 1e9);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - bounds[0]) / 1e9;
        for (Imap imap : sessions) {
            try {
                imap.logout();
            } catch (IOException e) {
                // ending anyway
            }
            imap.close();
        }
        if (!failures.isEmpty()) {
            System.err.println("phase " + phase.kind + " failed: " + failures.get(0));
            failures.get(0).printStackTrace();
            System.exit(1);
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        report(phase.kind, all, elapsed, "messages=" + n + " detail=" + Arrays.stream(detail).sum());
    }

    static void report(String kind, long[] sorted, double elapsed, String detail) {
        System.out.printf(Locale.ROOT, "RESULT %s %d %.2f %.1f %.2f %.2f %s%n", kind, sorted.length, elapsed,
                sorted.length / elapsed, pct(sorted, 50), pct(sorted, 99), detail);
        System.out.flush();
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int k = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, k))] / 1e6;
    }

    static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS", Pattern.CASE_INSENSITIVE);

    /** IDLE_SESSIONS sessions in IDLE; a further session APPENDs DELIVERIES messages, one after each round of wake-ups. */
    static void idlePhase(String host, int port, String user, String pass, int count, int deliveries, long seed) throws Exception {
        AtomicLongArray sent = new AtomicLongArray(deliveries + 1);
        long[][] wakes = new long[count][deliveries + 1];
        List<Imap> sessions = new ArrayList<>();
        int base = 0;
        for (int s = 0; s < count; s++) {
            Imap imap = Imap.open(host, port, null);
            imap.login(user, pass);
            base = imap.select("INBOX");
            sessions.add(imap);
        }
        int exists0 = base;
        AtomicInteger[] reached = new AtomicInteger[deliveries + 1];
        for (int d = 0; d <= deliveries; d++) {
            reached[d] = new AtomicInteger();
        }
        Object lock = new Object();
        List<Thread> readers = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            Imap imap = sessions.get(s);
            imap.send("i IDLE");
            String cont = imap.line();
            if (!cont.startsWith("+")) {
                throw new IOException("IDLE refused: " + cont);
            }
            int id = s;
            readers.add(Thread.ofVirtual().start(() -> {
                int seen = 0;
                try {
                    while (seen < deliveries) {
                        String line = imap.line();
                        Matcher m = EXISTS.matcher(line);
                        if (m.find()) {
                            int k = Integer.parseInt(m.group(1)) - exists0;
                            long now = System.nanoTime();
                            while (seen < Math.min(k, deliveries)) {
                                seen++;
                                wakes[id][seen] = now - sent.get(seen);
                                reached[seen].incrementAndGet();
                                synchronized (lock) {
                                    lock.notifyAll();
                                }
                            }
                        }
                    }
                } catch (IOException e) {
                    System.err.println("idle session " + id + ": " + e);
                }
            }));
        }
        Imap deliverer = Imap.open(host, port, null);
        deliverer.login(user, pass);
        long start = System.nanoTime();
        int late = 0;
        for (int d = 1; d <= deliveries; d++) {
            byte[] m = message(1_000_000 + d, seed, 0);
            sent.set(d, System.nanoTime());
            deliverer.append("INBOX", m);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            synchronized (lock) {
                while (reached[d].get() < count && System.nanoTime() < deadline) {
                    lock.wait(100);
                }
            }
            if (reached[d].get() < count) {
                late++;
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        deliverer.logout();
        deliverer.close();
        for (Imap imap : sessions) {
            imap.close();
        }
        for (Thread t : readers) {
            t.join(1000);
        }
        long[] all = Arrays.stream(wakes).flatMapToLong(w -> Arrays.stream(w, 1, w.length)).filter(v -> v > 0).sorted().toArray();
        report("idle-wake", all, elapsed, "sessions=" + count + " deliveries=" + deliveries + " unwoken_rounds=" + late);
    }

    // ------------------------------------------------------------------------------- idle connections

    static void idle(String[] a) throws Exception {
        String host = a[1];
        int port = Integer.parseInt(a[2]);
        String userFormat = a[3], pass = a[4];
        int sessions = Integer.parseInt(a[5]);
        int users = Integer.parseInt(a[6]);
        int sources = Integer.parseInt(a[7]);
        long hold = Long.parseLong(a[8]);
        String ready = a[9];
        int parallel = Integer.parseInt(System.getenv().getOrDefault("PARALLEL", "32"));
        Semaphore opening = new Semaphore(parallel);
        AtomicInteger established = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Imap> open = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int s = 0; s < sessions; s++) {
            int id = s;
            opening.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    InetAddress source = InetAddress.getByAddress(new byte[] {127, 0, (byte) ((id % sources + 2) / 250), (byte) ((id % sources + 2) % 250)});
                    Imap imap = Imap.open(host, port, source);
                    imap.login(String.format(Locale.ROOT, userFormat, id % users), pass);
                    imap.select("INBOX");
                    imap.send("i IDLE");
                    String cont = imap.line();
                    if (!cont.startsWith("+")) {
                        throw new IOException("IDLE refused: " + cont);
                    }
                    open.add(imap);
                    int n = established.incrementAndGet();
                    if (n % 1000 == 0) {
                        System.err.printf(Locale.ROOT, "idle: %d sessions after %.0f s%n", n, (System.nanoTime() - start) / 1e9);
                    }
                } catch (Exception e) {
                    if (failed.incrementAndGet() <= 5) {
                        System.err.println("idle session " + id + " failed: " + e);
                    }
                } finally {
                    opening.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf(Locale.ROOT, "ESTABLISHED %d of %d (failed %d) in %.1f s%n", established.get(), sessions, failed.get(),
                (System.nanoTime() - start) / 1e9);
        System.out.flush();
        java.nio.file.Files.writeString(java.nio.file.Path.of(ready), established.get() + "\n");
        Thread.sleep(hold * 1000);
        // Every session still open at the end answers DONE: it was alive all along.
        int alive = 0;
        for (Imap imap : open) {
            try {
                imap.send("DONE");
                imap.untilTagged("i");
                alive++;
            } catch (IOException e) {
                // counted as not alive
            }
            imap.close();
        }
        System.out.println("ALIVE " + alive);
    }

    // ------------------------------------------------------------------------------- protocol

    record Reply(String tagged, List<String> untagged, long bytes) {
    }

    static final class Imap implements AutoCloseable {
        private static final SSLContext TLS = trustAll();
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private int tag;

        private Imap(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = socket.getOutputStream();
        }

        static Imap open(String host, int port, InetAddress source) throws IOException {
            Socket plain = new Socket();
            if (source != null) {
                plain.bind(new InetSocketAddress(source, 0));
            }
            plain.connect(new InetSocketAddress(host, port), 30_000);
            plain.setTcpNoDelay(true);
            SSLSocket tls = (SSLSocket) TLS.getSocketFactory().createSocket(plain, host, port, true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            Imap imap = new Imap(tls);
            String greeting = imap.line();
            if (!greeting.startsWith("* OK")) {
                throw new IOException("greeting: " + greeting);
            }
            return imap;
        }

        private static SSLContext trustAll() {
            try {
                SSLContext c = SSLContext.getInstance("TLS");
                c.init(null, new TrustManager[] {new X509TrustManager() {
                    public void checkClientTrusted(X509Certificate[] chain, String type) {
                    }

                    public void checkServerTrusted(X509Certificate[] chain, String type) {
                    }

                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                }}, new SecureRandom());
                return c;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** One response line; a literal inside it is read and counted, not kept (its place shows as {n}). */
        String line() throws IOException {
            return line(null);
        }

        private String line(long[] literalBytes) throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new EOFException("server closed");
                }
                if (c == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    int open = sb.lastIndexOf("{");
                    if (open >= 0 && sb.length() > open + 1 && sb.charAt(sb.length() - 1) == '}') {
                        long n = Long.parseLong(sb.substring(open + 1, sb.length() - 1).replace("+", ""));
                        skip(n);
                        if (literalBytes != null) {
                            literalBytes[0] += n;
                        }
                        sb.append(' ');
                        continue;
                    }
                    return sb.toString();
                }
                sb.append((char) c);
            }
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long k = in.skip(n);
                if (k <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("server closed in a literal");
                    }
                    k = 1;
                }
                n -= k;
            }
        }

        Reply untilTagged(String t) throws IOException {
            List<String> untagged = new ArrayList<>();
            long[] bytes = {0};
            while (true) {
                String l = line(bytes);
                if (l.startsWith(t + " ")) {
                    String rest = l.substring(t.length() + 1);
                    if (!rest.regionMatches(true, 0, "OK", 0, 2)) {
                        throw new IOException("server said: " + l);
                    }
                    return new Reply(l, untagged, bytes[0]);
                }
                if (l.startsWith("*")) {
                    boolean search = l.regionMatches(true, 0, "* SEARCH", 0, 8);
                    untagged.add(l.length() > 200 && !search ? l.substring(0, 200) : l);
                }
            }
        }

        Reply command(String command) throws IOException {
            String t = "a" + (++tag);
            send(t + " " + command);
            return untilTagged(t);
        }

        void login(String user, String pass) throws IOException {
            command("LOGIN \"" + user + "\" \"" + pass + "\"");
        }

        int select(String folder) throws IOException {
            Reply r = command("SELECT " + folder);
            for (String u : r.untagged) {
                Matcher m = EXISTS.matcher(u);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            throw new IOException("no EXISTS in SELECT");
        }

        long search(String command) throws IOException {
            Reply r = command(command);
            long hits = 0;
            for (String u : r.untagged) {
                if (u.regionMatches(true, 0, "* SEARCH", 0, 8)) {
                    String rest = u.substring(8).trim();
                    hits += rest.isEmpty() ? 0 : rest.split(" ").length;
                }
            }
            return hits;
        }

        void append(String folder, byte[] message) throws IOException {
            String t = "a" + (++tag);
            out.write((t + " APPEND " + folder + " {" + message.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String cont = line();
            if (!cont.startsWith("+")) {
                throw new IOException("APPEND refused: " + cont);
            }
            out.write(message);
            out.write('\r');
            out.write('\n');
            out.flush();
            untilTagged(t);
        }

        void logout() throws IOException {
            String t = "a" + (++tag);
            send(t + " LOGOUT");
            try {
                untilTagged(t);
            } catch (EOFException e) {
                // some servers close right after the tagged OK
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
