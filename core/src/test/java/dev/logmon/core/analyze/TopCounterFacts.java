package dev.logmon.core.analyze;

import dev.logmon.core.format.ByteHash;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** What the {@link TopCounter} tests feed a map and read back from it. */
final class TopCounterFacts {
    private TopCounterFacts() {
    }

    /** Adds {@code key} (hashed as the parser hashes it) with the three column values. */
    static void add(final TopCounter c, final String key, final long d0, final long d1, final long d2) {
        final byte[] b = key.getBytes(StandardCharsets.UTF_8);
        c.add(ByteHash.hash(b, 0, b.length), b, 0, b.length, d0, d1, d2);
    }

    /**
     * Everything a map shows: its entries in table order (the state file's order) with their three
     * counters, the purged totals, the error bound and its top 20.
     */
    static List<String> facts(final TopCounter c) {
        final List<String> out = new ArrayList<>();
        c.forEach((hash, key, offset, length, c0, c1, c2) -> out.add(hash + " "
                + new String(key, offset, length, StandardCharsets.UTF_8) + " " + c0 + " " + c1 + " " + c2));
        out.add("other " + c.other0() + " " + c.other1() + " " + c.other2() + " error " + c.errorBound());
        out.add("top " + c.top(20));
        return out;
    }

    /** What a map holds, whatever its table order: its entries sorted, then its purged totals and error bound. */
    static List<String> content(final TopCounter c) {
        final List<String> out = new ArrayList<>();
        c.forEach((hash, key, offset, length, c0, c1, c2) -> out.add(hash + " "
                + new String(key, offset, length, StandardCharsets.UTF_8) + " " + c0 + " " + c1 + " " + c2));
        Collections.sort(out);
        out.add("other " + c.other0() + " " + c.other1() + " " + c.other2() + " error " + c.errorBound());
        return out;
    }

    /**
     * Runs {@code work} on a thread of its own, whose per-thread spares start empty, waits for it
     * (at most 50 s) and gives its result; what it threw fails the caller.
     */
    static <T> T onNewThread(final Supplier<T> work) throws InterruptedException {
        final AtomicReference<T> result = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread t = new Thread(() -> {
            try {
                result.set(work.get());
            } catch (final Throwable e) {
                failure.set(e);
            }
        }, "top-counter-test");
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(50));
        if (t.isAlive()) {
            throw new AssertionError("the test's own thread is still running after 50 s");
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        return result.get();
    }

    /** {@link #onNewThread(Supplier)} for work without a result. */
    static void onNewThread(final Runnable work) throws InterruptedException {
        onNewThread(() -> {
            work.run();
            return null;
        });
    }
}
