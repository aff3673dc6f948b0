package dev.logmon.core.format;

import dev.logmon.core.text.TextSafety;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * {@code --log-format auto}: finds the format of a source from its first lines among every preset
 * and then reads the rest with that one alone, saying on the notice stream which it chose.
 *
 * <pre>
 *   first 16 lines (not empty, not comments): every candidate parses each line; a line counts
 *       with the result of the candidate that parsed most lines so far (ties: the earlier in
 *       {@link LineFormat#DETECTED}, the more specific); while none has parsed a line, with the
 *       built-in Common/Combined parser's, as before auto-detection existed
 *   then (or when the source ends first): the candidate that parsed most lines is chosen; none
 *       parsed any: the built-in parser. Every candidate skips a syslog header first.
 * </pre>
 *
 * Nothing is allocated per line; the trial costs a few dozen parses once per source. The candidates
 * are made when the source's first line comes and let go once one is chosen, so a source that has
 * read nothing yet (thousands of quiet followed files) holds none of them.
 */
final class DetectingLineParser implements LineParser {
    /** Lines tried before the choice. */
    static final int TRIAL_LINES = 16;

    private final String[] names;
    /** Makes the candidates, at the first line. */
    private Supplier<LineParser[]> newCandidates;
    /** The candidates while the first lines are tried; null before the first line and once one is chosen. */
    private LineParser[] candidates;
    private final int fallback;
    private final String source;
    private final PrintStream notices;
    private int[] scores;
    private int tried;
    private LineParser active;
    private volatile String chosen;
    private long trialUnreadable;
    private long activeUnreadableAtChoice;

    /**
     * @param names      candidate names, in the order preferred on a tie
     * @param newCandidates makes one parser per name (each skips a syslog header); called at the first line
     * @param fallback   index of the built-in Common/Combined parser
     * @param source     the source's name, for the notice
     * @param notices    where the choice is said (may be null)
     */
    DetectingLineParser(final String[] names, final Supplier<LineParser[]> newCandidates,
                        final int fallback, final String source, final PrintStream notices) {
        this.names = names;
        this.newCandidates = newCandidates;
        this.fallback = fallback;
        this.source = source;
        this.notices = notices;
    }

    /** The candidates, made at the first call. */
    private LineParser[] candidates() {
        LineParser[] c = candidates;
        if (c == null) {
            c = newCandidates.get();
            if (c.length != names.length) {
                throw new IllegalStateException("expected " + names.length + " candidates, got " + c.length);
            }
            candidates = c;
            scores = new int[c.length];
        }
        return c;
    }

    /** How many candidate parsers this source holds now (0 before its first line and after the choice). */
    int candidatesHeld() {
        return candidates == null ? 0 : candidates.length;
    }

    /** The chosen format's name, or null while the first lines are being tried. */
    String chosen() {
        return chosen;
    }

    @Override
    public boolean parse(final byte[] buf, final int offset, final int length, final LogEvent out) {
        final LineParser a = active;
        if (a != null) {
            return a.parse(buf, offset, length, out);
        }
        return trial(buf, offset, length, out);
    }

    private boolean trial(final byte[] buf, final int offset, final int length, final LogEvent out) {
        final LineParser[] candidates = candidates();
        int parsedBy = -1;
        int commentBy = -1;
        for (int i = 0; i < candidates.length; i++) {
            if (candidates[i].parse(buf, offset, length, out)) {
                scores[i]++;
                parsedBy = i;
            } else if (commentBy < 0 && out.malformedReason == MalformedReason.COMMENT.ordinal()) {
                commentBy = i;
            }
        }
        // a directive no candidate parsed counts as the comment it is, not as the leader's failure
        final LineParser p = candidates[parsedBy < 0 && commentBy >= 0 ? commentBy : best()];
        final long before = p.unreadableLatencies();
        // the candidates tried may have noted a request or user agent the leader's format does not
        // have: a --where must see the leader's reading alone
        out.clearRequest();
        final boolean ok = p.parse(buf, offset, length, out); // the line counts with the leader's result
        trialUnreadable += p.unreadableLatencies() - before;
        if (isData(buf, offset, length) && ++tried >= TRIAL_LINES) {
            choose();
        }
        return ok;
    }

    /** A line that is neither empty nor a directive ({@code #...}) counts towards the trial. */
    private static boolean isData(final byte[] buf, final int offset, final int length) {
        return length > 0 && buf[offset] != '#' && buf[offset] != '\r';
    }

    private int best() {
        int best = fallback;
        int bestScore = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] > bestScore) {
                best = i;
                bestScore = scores[i];
            }
        }
        return best;
    }

    private void choose() {
        final int best = best();
        final LineParser p = candidates[best];
        final boolean syslog = scores[best] > 0 && p instanceof SyslogLineParser s && s.prefixedLines() > 0;
        final LineParser inner = p instanceof SyslogLineParser s ? s.inner() : p;
        final String name = (syslog ? "syslog:" : "") + (inner instanceof W3cLineParser w ? w.flavour() : names[best]);
        // Without syslog headers the chosen parser is used bare: the syslog wrapper's call to its inner
        // parser saw every candidate during the trial, and a call site that many types went through is
        // not inlined any more, which would slow the hot path of every run for nothing.
        active = syslog || !(p instanceof SyslogLineParser) ? p : inner;
        activeUnreadableAtChoice = active.unreadableLatencies();
        candidates = null; // about 40 KB a source: thousands of followed files must not keep them all
        newCandidates = null;
        // written last: the volatile write publishes active and its count to unreadableLatencies() on other threads
        chosen = name;
        if (notices != null) {
            notices.println("logmon: " + TextSafety.oneLine(source) + ": log format " + chosen
                    + (scores[best] == 0 ? " (no preset matched its first lines; the default)"
                    : " (detected: " + scores[best] + " of its first " + tried + " lines)")
                    + "; name another with --log-format");
        }
    }

    /** Null until a format is chosen; then a fresh parser of the chosen format, if it has one. */
    @Override
    public LineParser forOtherThread() {
        final LineParser a = active;
        return a == null ? null : a.forOtherThread();
    }

    /**
     * The chosen format's reading; during the trial the leader's, else the first candidate's that can
     * read a time in the line (so that {@code --since} filters the first lines of a W3C file too).
     */

    @Override
    public long lineSecond(final byte[] buf, final int offset, final int length) {
        final LineParser a = active;
        if (a != null) {
            return a.lineSecond(buf, offset, length);
        }
        final LineParser[] candidates = candidates();
        final long leader = candidates[best()].lineSecond(buf, offset, length);
        if (leader != UNKNOWN_SECOND) {
            return leader;
        }
        for (final LineParser c : candidates) {
            final long s = c.lineSecond(buf, offset, length);
            if (s != UNKNOWN_SECOND) {
                return s;
            }
        }
        return UNKNOWN_SECOND;
    }

    @Override
    public long unreadableLatencies() {
        // read by the combiner's thread: chosen (volatile, written after active) first, so that active and
        // the count at the choice are seen together, never active with the count still 0 (a jump up, then down)
        if (chosen == null) {
            return trialUnreadable;
        }
        return trialUnreadable + active.unreadableLatencies() - activeUnreadableAtChoice;
    }

    @Override
    public void sourceEnded() {
        if (active == null && tried > 0) {
            choose();
        }
    }

    @Override
    public String toString() {
        return "auto" + (chosen == null ? "" : " (" + chosen + ")");
    }
}
