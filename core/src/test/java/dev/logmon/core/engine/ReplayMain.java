package dev.logmon.core.engine;

import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.LineCounts;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotPublisher;
import dev.logmon.core.time.Clock;
import java.io.PrintStream;
import java.util.List;

/**
 * A minimal replay for tests that need their own JVM (for example a capped heap): reads the given
 * files with --once and prints {@code read parsed malformed tooLong} of the final snapshot.
 */
public final class ReplayMain {
    private ReplayMain() {
    }

    public static void main(final String[] args) throws Exception {
        final Settings s = new Settings();
        s.sources.addAll(List.of(args));
        s.once = true;
        s.ringSize = 1024;
        final List<String> problems = s.conclude();
        if (!problems.isEmpty()) {
            System.err.println(problems);
            System.exit(2);
        }
        final Snapshot[] last = new Snapshot[1];
        final PrintStream err = System.err;
        final Pipeline p = new Pipeline(s, new SnapshotPublisher() {
            @Override
            public void publishSnapshot(final Snapshot snapshot) {
                last[0] = snapshot;
            }

            @Override
            public void publishAlert(final AlertEvent alert) {
            }
        }, Clock.SYSTEM, err, new HandlerErrors(err));
        p.start();
        p.awaitSources(Long.MAX_VALUE);
        p.finish(60_000);
        final LineCounts lines = last[0].lines();
        System.out.println(lines.read() + " " + lines.parsed() + " " + lines.malformed() + " "
                + lines.malformedByReason().get(MalformedReason.TOO_LONG));
    }
}
