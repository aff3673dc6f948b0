package dev.logmon.core.analyze;

import dev.logmon.core.format.FieldValues;
import org.HdrHistogram.Histogram;

/**
 * Request-time histograms of a bounded number of sections, for one frame. Memory stays flat
 * whatever the number of sections: at most {@link #CAPACITY} sections hold a histogram, each a
 * compact one (1 significant digit: every value within about 6% of its true value, 1 us to 1 h,
 * about 3.7 KB); requests of sections without one go to the {@code other} histogram, so
 * {@code sum of held + other} is always every request time recorded.
 *
 * <pre>
 *   record (analyzer, per line)  held section: add to its histogram
 *                                new section, a slot free: take the slot
 *                                new section, full: into other (the busiest sections of a second
 *                                come first almost always, and nothing is evicted per line)
 *   add (merging frames)         held on both sides: histograms add
 *                                new, full: it takes the slot of the held section with the fewest
 *                                requests when it has more, that one's histogram goes to other
 * </pre>
 *
 * Merging is addition while the sections fit; beyond it the per-section figures describe the
 * requests recorded while the section held a slot ({@code count} says how many), and the window's
 * overall histogram stays exact. Histograms are allocated on first use and kept for reuse, so a
 * frame recycled every second allocates nothing once warm.
 */
public final class SectionLatencies {
    /** Most sections with their own histogram in one frame. */
    public static final int CAPACITY = 32;

    private final long[] hashes = new long[CAPACITY];
    private final Histogram[] histograms = new Histogram[CAPACITY];
    /** Made at first use: a frame of a log without request times never needs its 3.7 KB. */
    private Histogram other;
    private int size;

    static Histogram newHistogram() {
        return new Histogram(1, FieldValues.MAX_LATENCY_MICROS, 1);
    }

    /** Records one request time of a section (hash as in {@link TopCounter}). */
    public void record(final long sectionHash, final long micros) {
        final long h = sectionHash == 0 ? 1 : sectionHash;
        final int i = indexOf(h);
        if (i >= 0) {
            histograms[i].recordValue(micros);
        } else if (size < CAPACITY) {
            take(size++, h).recordValue(micros);
        } else {
            other().recordValue(micros);
        }
    }

    /** Adds every histogram of {@code o}. */
    public void addAll(final SectionLatencies o) {
        for (int k = 0; k < o.size; k++) {
            add(o.hashes[k], o.histograms[k]);
        }
        if (o.other != null && o.other.getTotalCount() > 0) {
            other().add(o.other);
        }
    }

    /** Adds the request times of one section (stored hash, never 0), as {@link #addAll} does for each. */
    void add(final long h, final Histogram src) {
        final int i = indexOf(h);
        if (i >= 0) {
            histograms[i].add(src);
        } else if (size < CAPACITY) {
            take(size++, h).add(src);
        } else {
            final int min = smallest();
            if (histograms[min].getTotalCount() < src.getTotalCount()) {
                other().add(histograms[min]);
                take(min, h).add(src);
            } else {
                other().add(src);
            }
        }
    }

    /** The stored hash of the section in slot {@code k} ({@code 0 <= k < size()}; the frame codec). */
    long hashAt(final int k) {
        return hashes[k];
    }

    /** The histogram of the section in slot {@code k} ({@code 0 <= k < size()}; the frame codec). */
    Histogram histogramAt(final int k) {
        return histograms[k];
    }

    /** The histogram of a section, or null when it holds none. */
    public Histogram of(final long sectionHash) {
        final int i = indexOf(sectionHash == 0 ? 1 : sectionHash);
        return i < 0 ? null : histograms[i];
    }

    /** Request times of sections without their own histogram (made empty at the first call). */
    public Histogram other() {
        if (other == null) {
            other = newHistogram();
        }
        return other;
    }

    /** Request times in {@link #other()}, without making it (0 while it has not been made). */
    public long otherCount() {
        return other == null ? 0 : other.getTotalCount();
    }

    /** {@link #other()} if it has been made, else null (the frame codec: an empty one is written as empty). */
    Histogram otherIfMade() {
        return other;
    }

    /** Sections holding a histogram. */
    public int size() {
        return size;
    }

    /** Empties every histogram, keeping them for reuse. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            histograms[i].reset();
        }
        if (other != null && other.getTotalCount() > 0) {
            other.reset();
        }
        size = 0;
    }

    private Histogram take(final int slot, final long h) {
        hashes[slot] = h;
        Histogram hist = histograms[slot];
        if (hist == null) {
            hist = newHistogram();
            histograms[slot] = hist;
        } else {
            hist.reset();
        }
        return hist;
    }

    private int indexOf(final long h) {
        final long[] hs = hashes;
        for (int i = 0, n = size; i < n; i++) {
            if (hs[i] == h) {
                return i;
            }
        }
        return -1;
    }

    private int smallest() {
        int min = 0;
        for (int i = 1; i < size; i++) {
            if (histograms[i].getTotalCount() < histograms[min].getTotalCount()) {
                min = i;
            }
        }
        return min;
    }
}
