package org.postern.core.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LongWorkTest {

    /** As many carriers as the virtual thread scheduler has. */
    static final int CARRIERS = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());

    final LongWork work = new LongWork("test-long", CARRIERS);

    @AfterEach
    void stop() {
        work.shutdown();
    }

    @Test
    void fromAPlatformThreadTheWorkRunsInPlace() throws Exception {
        Thread caller = Thread.currentThread();
        assertThat(work.call(Thread::currentThread)).isSameAs(caller);
    }

    @Test
    void fromAVirtualThreadTheWorkRunsOnAPlatformThreadOfThePool() throws Exception {
        AtomicReference<Thread> ran = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                ran.set(work.call(Thread::currentThread));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).join();
        assertThat(ran.get().isVirtual()).isFalse();
        assertThat(ran.get().getName()).startsWith("test-long-");
    }

    @Test
    void whatTheWorkThrowsReachesTheCallerUnchanged() throws Exception {
        IOException io = new IOException("disk");
        IllegalStateException bug = new IllegalStateException("bug");
        AtomicReference<Throwable> first = new AtomicReference<>();
        AtomicReference<Throwable> second = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            first.set(caught(() -> work.call(() -> {
                throw io;
            })));
            second.set(caught(() -> work.call(() -> {
                throw bug;
            })));
        }).join();
        assertThat(first.get()).isSameAs(io);
        assertThat(second.get()).isSameAs(bug);
        assertThatThrownBy(() -> work.call(() -> {
            throw io;
        })).isSameAs(io);
    }

    /**
     * As many virtual threads as there are carriers compute in long work without end (until
     * released); a virtual thread started after them still runs and ends before any of them.
     * Computed on the virtual threads themselves, they would hold every carrier and the last
     * one would wait for them (then the order below is the other way round).
     */
    @Test
    void longWorkOnEveryCarrierLeavesTheCarriersFree() throws Exception {
        CountDownLatch computing = new CountDownLatch(CARRIERS);
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        Spin spin = new Spin();
        List<Thread> longOnes = new ArrayList<>();
        for (int i = 0; i < CARRIERS; i++) {
            longOnes.add(Thread.ofVirtual().start(() -> {
                try {
                    work.call(() -> {
                        computing.countDown();
                        spin.untilReleased();
                        return null;
                    });
                    order.add("long");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        assertThat(computing.await(60, TimeUnit.SECONDS)).isTrue();
        Thread.ofVirtual().start(() -> order.add("short")).join(60_000);
        spin.release();
        for (Thread t : longOnes) {
            t.join();
        }
        assertThat(order).hasSize(CARRIERS + 1).first().isEqualTo("short");
    }

    /** Computes (never parks) until released, or at most a minute so that a failing test ends. */
    static final class Spin {
        private volatile boolean released;

        void untilReleased() {
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!released && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }

        void release() {
            released = true;
        }
    }

    interface Call {
        void run() throws Exception;
    }

    static Throwable caught(Call call) {
        try {
            call.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
