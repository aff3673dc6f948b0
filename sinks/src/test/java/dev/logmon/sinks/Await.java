package dev.logmon.sinks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds; fails with {@code what} after the timeout. Never a fixed sleep. */
public final class Await {
    private Await() {
    }

    public static void until(final String what, final BooleanSupplier condition) {
        until(what, 10_000, condition);
    }

    public static void until(final String what, final long timeoutMs, final BooleanSupplier condition) {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }
}
