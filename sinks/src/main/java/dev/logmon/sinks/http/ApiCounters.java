package dev.logmon.sinks.http;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the API refused or cut short, by reason, for {@code /metrics}: every client the server
 * closes on its own initiative is counted here once.
 */
final class ApiCounters {
    /** Why a connection or an {@code /events} client was ended by the server. */
    enum Reason {
        /** An {@code /events} snapshot dropped for a client that reads too slowly (not an ending). */
        EVENT_DROPPED("event_snapshot_dropped"),
        /** An {@code /events} client that fell too far behind, or whose write stalled. */
        EVENT_TOO_SLOW("event_client_too_slow"),
        /** An {@code /events} client that was behind and gave its place to a new client. */
        EVENT_EVICTED("event_client_evicted"),
        /** A new {@code /events} client refused with 503: every place held by a client keeping up. */
        EVENT_FULL("event_clients_full"),
        /** A connection over the cap for its remote address. */
        PER_ADDRESS("per_address"),
        /** A connection that had not sent its request's headers by the deadline. */
        HEADER_DEADLINE("header_deadline"),
        /** An IPv4 client of a service that listens on IPv6 only. */
        IPV4_ON_IPV6_ONLY("ipv4_on_ipv6_only");

        final String label;

        Reason(final String label) {
            this.label = label;
        }
    }

    private final AtomicLongArray counts = new AtomicLongArray(Reason.values().length);

    void count(final Reason r) {
        counts.incrementAndGet(r.ordinal());
    }

    long get(final Reason r) {
        return counts.get(r.ordinal());
    }
}
