package dev.logmon.core;

/** One row of a popular-sections list: hits, and how many of them were 4xx and 5xx. */
public record SectionCount(String section, long hits, long clientErrors, long serverErrors) {
}
