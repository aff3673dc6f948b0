package dev.logmon.sinks.notify;

/** Waits between delivery attempts; injectable so retry tests advance a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    /** Really sleeps (interruptible). */
    Sleeper SYSTEM = Thread::sleep;

    /** Waits {@code millis} milliseconds; throws when the delivery thread is interrupted (end of the grace period). */
    void sleep(long millis) throws InterruptedException;
}
