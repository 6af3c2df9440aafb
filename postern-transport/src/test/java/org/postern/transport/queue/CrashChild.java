package org.postern.transport.queue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link CrashRecoveryTest} kills: opens the queue, then enqueues from several
 * threads without end, printing a line for each acknowledged message ({@code ACK id seed plan .},
 * where the plan says whether it will be finished, deferred or kept) and for each acknowledged
 * end or deferral ({@code DONE id .}, {@code DEFER id .}). A line is
 * printed only after the queue call returned, so it is a promise the journal must keep.
 *
 * <p>Arguments: queue folder, round number, threads, segment bytes.
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = System.out;
        System.setOut(System.err);
        Path dir = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        long segmentBytes = Long.parseLong(args[3]);
        JournalQueue q = JournalQueue.open(dir, QueueSettings.DEFAULT.withSegmentBytes(segmentBytes));
        synchronized (protocol) {
            protocol.println("OPEN " + q.size() + " .");
            protocol.flush();
        }
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (long i = 0; ; i++) {
                        long seed = ((long) round << 40) | ((long) thread << 32) | i;
                        byte[] body = TestEnvelopes.content(seed, sizeFor(seed));
                        QueuedMessage m = q.enqueue(TestEnvelopes.simple(Instant.now(), "r" + (i % 7) + "@example.org"),
                                MessageContent.of(body));
                        // Most finish, so old segments hold few live messages and get compacted.
                        String plan = i % 6 == 0 ? "keep" : i % 6 == 1 ? "defer" : "finish";
                        say(protocol, "ACK " + m.id() + " " + seed + " " + plan + " .");
                        if (plan.equals("finish")) {
                            q.update(m.id(), List.of(m.recipients().get(0).delivered("250 2.0.0 OK")));
                            say(protocol, "DONE " + m.id() + " .");
                        } else if (plan.equals("defer")) {
                            q.update(m.id(), List.of(m.recipients().get(0)
                                    .deferred("451 4.4.1 later", Instant.now().plusSeconds(600))));
                            say(protocol, "DEFER " + m.id() + " .");
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
    }

    /** Mostly small messages, some of 100 KiB to 1 MiB, now and then an empty one. */
    static int sizeFor(long seed) {
        long i = seed & 0xffffffffL;
        if (i % 50 == 0) {
            return 0;
        }
        if (i % 25 == 3) {
            return 100 * 1024 + (int) (seed % (900 * 1024));
        }
        return 200 + Math.floorMod(seed * 31, 20_000);
    }

    private static void say(PrintStream protocol, String line) {
        synchronized (protocol) {
            protocol.println(line);
            protocol.flush();
        }
    }
}
