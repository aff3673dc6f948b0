package dev.logmon.cli;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.logmon.core.snapshot.Snapshot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The buckets {@code history --sink tui} steps through: the newest {@link #MAX_BUCKETS} of the
 * query, the last one shown first; {@code ←}/{@code [} go back a bucket, {@code →}/{@code ]}
 * forward. Filled on the command's thread, then used only by the dashboard's UI thread.
 */
final class BucketBrowser {
    /** Buckets kept (a week of one-minute buckets); older ones are counted, not kept. */
    static final int MAX_BUCKETS = 10_080;

    private final ArrayDeque<Snapshot> collecting = new ArrayDeque<>();
    private List<Snapshot> buckets = List.of();
    private long dropped;
    private int at;

    /** One more bucket of the query, in time order. */
    void add(final Snapshot bucket) {
        if (collecting.size() == MAX_BUCKETS) {
            collecting.removeFirst();
            dropped++;
        }
        collecting.addLast(bucket);
    }

    /** The query has ended: shows its last bucket. */
    void finish() {
        buckets = new ArrayList<>(collecting);
        collecting.clear();
        at = buckets.size() - 1;
    }

    /** How many buckets can be shown. */
    int size() {
        return buckets.size();
    }

    /** The bucket shown now. */
    Snapshot current() {
        return buckets.get(at);
    }

    /** Moves on a step key; true when the bucket shown changed. */
    boolean step(final KeyStroke key) {
        final int to;
        if (key.getKeyType() == KeyType.ArrowLeft || isCharacter(key, '[')) {
            to = Math.max(0, at - 1);
        } else if (key.getKeyType() == KeyType.ArrowRight || isCharacter(key, ']')) {
            to = Math.min(buckets.size() - 1, at + 1);
        } else {
            return false;
        }
        final boolean moved = to != at;
        at = to;
        return moved;
    }

    /**
     * What the header says beside the clock (which shows when the bucket ends): which bucket of
     * how many, how long it is, and how to step.
     */
    String banner() {
        return "history: bucket " + (at + 1) + " of " + buckets.size() + " (" + current().twoMinutes().seconds()
                + " s)" + (dropped > 0 ? ", " + dropped + " older not kept" : "") + "  \u2190 \u2192 step";
    }

    private static boolean isCharacter(final KeyStroke key, final char c) {
        return key.getKeyType() == KeyType.Character && key.getCharacter() == c;
    }
}
