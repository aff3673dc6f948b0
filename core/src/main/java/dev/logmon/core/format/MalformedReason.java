package dev.logmon.core.format;


/**
 * Why a line could not be counted as a hit. Every line read ends up either parsed or malformed
 * with exactly one of these reasons, so {@code parsed + malformed == read} always holds.
 */
public enum MalformedReason {
    /** The line was empty (or only a carriage return). */
    EMPTY("empty"),
    /** The host field is missing, too long, or holds characters no host name or address has. */
    BAD_HOST("badHost"),
    /** The bracketed timestamp is missing or is not {@code [dd/Mon/yyyy:HH:mm:ss +zzzz]}. */
    BAD_TIMESTAMP("badTimestamp"),
    /** The quoted request line is missing or never closed. */
    BAD_REQUEST("badRequest"),
    /** The status is not a three-digit number. */
    BAD_STATUS("badStatus"),
    /** The response size is neither digits nor {@code -}. */
    BAD_SIZE("badSize"),
    /** The line is longer than the configured maximum; it was skipped to its newline. */
    TOO_LONG("tooLong"),
    /** The line ends before all the fields of its format were seen. */
    TRUNCATED("truncated"),
    /** The fields after the size do not match the format (for example no referer in Combined). */
    BAD_FORMAT("badFormat"),
    /**
     * No longer given: a request time that cannot be read ({@code -1}, {@code 9e99}) leaves the hit
     * without a time and is counted in {@link dev.logmon.core.snapshot.LineCounts#noLatency()}. Kept so that history files
     * written before keep their counts.
     */
    BAD_LATENCY("badLatency"),
    /**
     * A header or comment line of a format that has them (W3C's {@code #Version:}, {@code #Fields:},
     * Google Cloud Storage's column names): not a request, counted here so that every line read is
     * accounted for.
     */
    COMMENT("comment"),
    /**
     * A record of a source that carries each line in a JSON envelope ({@code -s kafka:TOPIC} with
     * {@code --kafka-value-field}) is not a JSON object, or its JSON is broken.
     */
    NOT_JSON("notJson"),
    /** A JSON envelope without the value field, or with a value field that is not a string. */
    NO_FIELD("noField");

    private static final MalformedReason[] VALUES = values();

    private final String jsonName;

    MalformedReason(final String jsonName) {
        this.jsonName = jsonName;
    }

    /** The camel-case name used as a key in JSON output. */
    public String jsonName() {
        return jsonName;
    }

    /** The reason with the given ordinal, without allocating a values array. */
    public static MalformedReason ofOrdinal(final int ordinal) {
        return VALUES[ordinal];
    }

    /** How many reasons there are; counters are arrays of this length. */
    public static int count() {
        return VALUES.length;
    }
}
