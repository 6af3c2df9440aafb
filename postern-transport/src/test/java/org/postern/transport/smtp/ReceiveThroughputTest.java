package org.postern.transport.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A throughput check, not a benchmark: 20 pipelining clients send 10 KiB messages to port 25 at
 * once; every one is answered {@code 250} after the queue's fsync and found in the queue. Prints
 * messages per second (the numbers that matter come from bench/smtp against Postfix).
 */
class ReceiveThroughputTest {

    private static final int CLIENTS = 20;
    private static final int PER_CLIENT = 100;

    @TempDir
    Path tmp;

    @Test
    void pipeliningClientsAreServedConcurrentlyAndEveryAcknowledgedMessageIsQueued() throws Exception {
        try (TestServer server = TestServer.start(tmp)) {
            String body = "Subject: load\r\n\r\n" + ("0123456789abcdef".repeat(60) + "\r\n").repeat(10) + ".\r\n";
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<Integer>> results = new ArrayList<>();
            long start = System.nanoTime();
            for (int client = 0; client < CLIENTS; client++) {
                int n = client;
                Callable<Integer> task = () -> {
                    int ok = 0;
                    try (RawClient c = new RawClient(server.port(SmtpListenerKind.MX))) {
                        c.expect("220 ");
                        c.command("EHLO load" + n + ".example", "250 ");
                        for (int i = 0; i < PER_CLIENT; i++) {
                            c.send("MAIL FROM:<load" + n + "@example.net>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n");
                            c.expect("250 ");
                            c.expect("250 ");
                            c.expect("354 ");
                            c.send(body);
                            c.expect("250 2.0.0 Ok: queued as ");
                            ok++;
                        }
                        c.command("QUIT", "221 ");
                    }
                    return ok;
                };
                results.add(pool.submit(task));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.close();
            System.out.printf("SMTP receive: %d messages of %d octets in %.2f s over %d connections: %.0f messages/s%n",
                    total, body.length(), seconds, CLIENTS, total / seconds);
            assertThat(total).isEqualTo(CLIENTS * PER_CLIENT);
            assertThat(server.queue.size()).isEqualTo(CLIENTS * PER_CLIENT);
        }
    }
}
