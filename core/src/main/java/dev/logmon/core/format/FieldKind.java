package dev.logmon.core.format;

/** What a field of a compiled format holds, and so what the parser does with its bytes. */
enum FieldKind {
    /** The client address ({@code $remote_addr}, {@code %h}, {@code %a}). */
    HOST(false),
    /** {@code [dd/Mon/yyyy:HH:mm:ss +zzzz]}, brackets included (Apache {@code %t}). */
    TIME_BRACKETED(true),
    /** {@code dd/Mon/yyyy:HH:mm:ss +zzzz} (nginx {@code $time_local}). */
    TIME_LOCAL(true),
    /** ISO-8601 with a zone (nginx {@code $time_iso8601}). */
    TIME_ISO8601(false),
    /** Epoch seconds, maybe with a fraction (nginx {@code $msec}, Apache {@code %{sec}t}). */
    TIME_EPOCH(false),
    /** Epoch milliseconds (Apache {@code %{msec}t}). */
    TIME_EPOCH_MILLIS(false),
    /** Epoch microseconds (Apache {@code %{usec}t}, Google Cloud Storage's {@code time_micros}). */
    TIME_EPOCH_MICROS(false),
    /**
     * {@code dd/Mon/yyyy:HH:mm:ss} without a zone, read as UTC (Apache {@code %{%d/%b/%Y:%H:%M:%S}t},
     * HAProxy's accept date, which never carries a zone).
     */
    TIME_NO_ZONE(true),
    /** {@code yyyy-MM-dd} in UTC (W3C {@code date}); the day's seconds come from a {@link #TIME_OF_DAY} field. */
    DATE(false),
    /** {@code HH:mm:ss} in UTC (W3C {@code time}), added to the {@link #DATE}. */
    TIME_OF_DAY(false),
    /** The request line {@code METHOD TARGET PROTOCOL} ({@code $request}, {@code %r}); holds spaces. */
    REQUEST(false),
    /** The request target or path alone ({@code $request_uri}, {@code $uri}, {@code %U}). */
    URI(false),
    /** The status code. */
    STATUS(false),
    /** Response size in bytes, {@code -} as 0. */
    SIZE(false),
    /** Request time, in the unit of the field. */
    LATENCY(false),
    /** {@code X-Forwarded-For}: addresses separated by commas. */
    XFF(false),
    /** Anything else, read as holding no spaces unless it is quoted in the format; skipped. */
    OPAQUE(false),
    /** Anything else that holds spaces (the user agent, the referer); skipped. */
    OPAQUE_SPACED(false);

    /** True when the field is a time of fixed length (it may hold spaces). */
    final boolean fixedTime;

    FieldKind(final boolean fixedTime) {
        this.fixedTime = fixedTime;
    }

    /** True when a value of this kind may hold spaces, so it needs quotes unless it ends the line. */
    boolean mayHoldSpaces() {
        return this == REQUEST || this == OPAQUE_SPACED || this == XFF;
    }

    boolean isTime() {
        return this == TIME_BRACKETED || this == TIME_LOCAL || this == TIME_ISO8601 || this == TIME_EPOCH
                || this == TIME_EPOCH_MILLIS || this == TIME_EPOCH_MICROS || this == TIME_NO_ZONE || this == DATE;
    }
}
