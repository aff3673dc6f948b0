package dev.logmon.sinks.notify;

/** Sends one notification once (webhook POST, SMTP mail); the {@link DeliveryEngine} decides about retries. */
public interface Transport {

    /**
     * Makes one attempt. Must not throw for delivery problems: they become an {@link Attempt}
     * whose detail holds no secret.
     *
     * @throws InterruptedException when the delivery thread is interrupted (grace period over)
     */
    Attempt send(Notification notification) throws InterruptedException;

    /** Where it sends, safe to print: scheme and host only for a URL, the SMTP host for mail. */
    String redactedTarget();
}
