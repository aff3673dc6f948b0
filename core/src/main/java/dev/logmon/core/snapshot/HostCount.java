package dev.logmon.core.snapshot;

/** One row of a top-bandwidth list: bytes sent to a host and its hits. */
public record HostCount(String host, long bytes, long hits) {
}
