package dev.logmon.core.format;

import dev.logmon.core.text.TextSafety;
import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Watches the first {@link #WATCHED_LINES} lines of a source and, when most of them are malformed
 * (comments and empty lines aside), says so once on the notice stream, naming the most frequent
 * reason and suggesting {@code --log-format}: a file in another format is otherwise counted as
 * malformed in silence. Checked at the last watched line, or when the source ends before it.
 */
final class MalformedNoticeParser implements LineParser {
    /** Lines watched from the start of a source. */
    static final int WATCHED_LINES = 1000;

    private final LineParser inner;
    private final String source;
    private final PrintStream notices;
    private final Supplier<String> formatName;
    private final long[] reasons = new long[MalformedReason.count()];
    private int lines;
    private int malformed;
    private boolean watching = true;

    MalformedNoticeParser(final LineParser inner, final String source, final PrintStream notices,
                          final Supplier<String> formatName) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.source = source;
        this.notices = Objects.requireNonNull(notices, "notices");
        this.formatName = formatName;
    }

    @Override
    public boolean parse(final byte[] buf, final int offset, final int length, final LogEvent out) {
        final boolean ok = inner.parse(buf, offset, length, out);
        if (watching) {
            watch(ok, out);
        }
        return ok;
    }

    private void watch(final boolean ok, final LogEvent out) {
        if (!ok) {
            final int r = out.malformedReason;
            if (r == MalformedReason.COMMENT.ordinal() || r == MalformedReason.EMPTY.ordinal()) {
                return;
            }
            reasons[r]++;
            malformed++;
        }
        if (++lines >= WATCHED_LINES) {
            report();
        }
    }

    private void report() {
        watching = false;
        if (malformed * 2 <= lines) {
            return;
        }
        int top = 0;
        for (int r = 1; r < reasons.length; r++) {
            if (reasons[r] > reasons[top]) {
                top = r;
            }
        }
        notices.println("logmon: " + TextSafety.oneLine(source) + ": " + malformed + " of its first " + lines
                + " lines are malformed, most of them " + MalformedReason.ofOrdinal(top).jsonName()
                + " (read as " + formatName.get() + "); give the format with --log-format (a preset such as combined, "
                + "w3c, awsalb, or your server's format string)");
    }

    /** Null while the first lines are watched (their results are counted here), then the inner parser's copy. */
    @Override
    public LineParser forOtherThread() {
        return watching ? null : inner.forOtherThread();
    }

    @Override
    public long lineSecond(final byte[] buf, final int offset, final int length) {
        return inner.lineSecond(buf, offset, length);
    }

    @Override
    public long unreadableLatencies() {
        return inner.unreadableLatencies();
    }

    @Override
    public void sourceEnded() {
        inner.sourceEnded();
        if (watching && lines > 0) {
            report();
        }
    }
}
