package org.postern.core.work;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs work that may hold a processor for long without ever blocking in Java — a scan over a
 * whole folder inside SQLite's native code, a body search decoding thousands of messages — on a
 * small pool of platform threads, while the virtual thread that asked waits parked.
 *
 * <p>Virtual threads are never preempted: one that computes (or sits in a native call) keeps
 * its carrier until it blocks, and the scheduler has only as many carriers as processors. A
 * session scanning for a second on each carrier would hold every other session's next command
 * for that second (ADR 0021). Handed to this pool, the scan runs on an OS thread that the
 * kernel time-slices with the carriers and with the other scans, so the carriers go on serving
 * short commands, and a short scan (the SELECT of a small folder) shares the processors with a
 * long one instead of waiting for its end. The shared pool has twice as many threads as
 * processors, at most 4: half of SQLite's reader connections, so that short reads still find
 * one free; more long work waits in order (FIFO). Its threads end after a minute idle.
 *
 * <p>Called from a platform thread (a tool, a test, or this pool itself), the work runs
 * in place. The caller waits for the work to end even when interrupted (the interrupt is kept
 * for it): the work uses the caller's objects and must not outlive its call.
 */
public final class LongWork {

    /** The work: returns a value or throws what the caller would. */
    @FunctionalInterface
    public interface Task<T> {
        T run() throws IOException;
    }

    private static final LongWork SHARED = new LongWork("postern-long", Math.clamp(2L * Runtime.getRuntime().availableProcessors(), 2, 4));

    private final ThreadPoolExecutor pool;

    /** A pool of {@code threads} platform threads named {@code name-N}. */
    public LongWork(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> Thread.ofPlatform().daemon().name(name + "-" + count.incrementAndGet()).unstarted(r));
        pool.allowCoreThreadTimeOut(true);
    }

    /** The process's pool: twice as many threads as processors, from 2 to 4. */
    public static LongWork shared() {
        return SHARED;
    }

    /** The number of threads the pool runs at most. */
    public int threads() {
        return pool.getMaximumPoolSize();
    }

    /**
     * Runs {@code task} on the pool when called from a virtual thread (which parks meanwhile),
     * in place otherwise; returns its value or throws what it threw.
     */
    public <T> T call(Task<T> task) throws IOException {
        if (!Thread.currentThread().isVirtual()) {
            return task.run();
        }
        FutureTask<T> future = new FutureTask<>(task::run);
        pool.execute(future);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static IOException rethrown(Throwable cause) {
        return switch (cause) {
            case RuntimeException r -> throw r;
            case Error e -> throw e;
            case IOException io -> io;
            default -> new IOException(cause);
        };
    }

    /** Stops the pool's threads once the work handed in has run (for tests; the shared pool lives with the process). */
    public void shutdown() {
        pool.shutdown();
    }
}
