package dev.logmon.sinks.http;

/**
 * The limits and timeouts of the HTTP API's server, so that no client, however slow or numerous,
 * can hold what a well-behaved client needs. The defaults are the service's; tests shorten them.
 *
 * @param headerDeadlineMs         from accepting a connection to the end of its request's headers;
 *                                 a connection still sending headers then is closed (half-open
 *                                 requests, a byte every few seconds)
 * @param idleTimeoutMs            a connection on which nothing moves this long is closed (an
 *                                 {@code /events} stream writes at least every keep-alive period)
 * @param maxThreads               the server's thread pool, acceptor and selector included; no
 *                                 request ever blocks one (writes are asynchronous)
 * @param maxQueuedTasks           tasks waiting for a thread; beyond, a connection is closed
 * @param maxConnections           connections at once; beyond, new ones wait in the kernel's backlog
 * @param maxConnectionsPerAddress connections at once from one remote address; beyond, closed at once
 * @param maxRequestHeaderBytes    request line and headers; beyond, {@code 431}
 * @param sendBufferBytes          the kernel send buffer of each connection: what a client that
 *                                 stops reading can hold besides its own receive buffer
 */
public record ApiLimits(long headerDeadlineMs, long idleTimeoutMs, int maxThreads, int maxQueuedTasks,
                        int maxConnections, int maxConnectionsPerAddress, int maxRequestHeaderBytes,
                        int sendBufferBytes) {
    /** The service's limits. */
    public static final ApiLimits DEFAULTS = new ApiLimits(10_000, 30_000, 16, 256, 4_096, 64, 8_192, 16_384);

    /** Checks every value once. */
    public ApiLimits {
        if (headerDeadlineMs < 1 || idleTimeoutMs < 1 || maxThreads < 4 || maxQueuedTasks < 1 || maxConnections < 1
                || maxConnectionsPerAddress < 1 || maxRequestHeaderBytes < 1_024 || sendBufferBytes < 4_096) {
            throw new IllegalArgumentException("bad API limits: header deadline " + headerDeadlineMs + " ms, idle "
                    + idleTimeoutMs + " ms, threads " + maxThreads + ", queue " + maxQueuedTasks + ", connections "
                    + maxConnections + ", per address " + maxConnectionsPerAddress + ", header bytes "
                    + maxRequestHeaderBytes + ", send buffer " + sendBufferBytes);
        }
    }

    /** The same limits with another header deadline. */
    public ApiLimits withHeaderDeadlineMs(final long ms) {
        return new ApiLimits(ms, idleTimeoutMs, maxThreads, maxQueuedTasks, maxConnections, maxConnectionsPerAddress,
                maxRequestHeaderBytes, sendBufferBytes);
    }

    /** The same limits with another cap per remote address. */
    public ApiLimits withMaxConnectionsPerAddress(final int n) {
        return new ApiLimits(headerDeadlineMs, idleTimeoutMs, maxThreads, maxQueuedTasks, maxConnections, n,
                maxRequestHeaderBytes, sendBufferBytes);
    }
}
