package dev.logmon.core.snapshot;

import java.util.Comparator;
import java.util.Locale;

/**
 * One instance whose frames an aggregator merges ({@code logmon-cli aggregate}), at a snapshot.
 *
 * @param id           the instance id ({@code --instance-id}, default its host name)
 * @param lastSecond   the last second (epoch) the instance said it has closed; its frames up to it have arrived
 * @param lagSeconds   seconds its last closed second is behind the newest instance's
 * @param state        live, late (the aggregator no longer waits for it) or gone (silent too long)
 * @param frames       frames merged from it
 * @param duplicates   frames received again (a redelivery) and not counted
 * @param missing      frames it numbered but that never arrived (dropped by its full buffer)
 */
public record InstanceStatus(String id, long lastSecond, long lagSeconds, State state, long frames, long duplicates,
                             long missing) {

    /**
     * The order the dashboards list instances in, the ones needing a look first: gone, then late,
     * then live; within a state the largest lag first; then by id.
     */
    public static final Comparator<InstanceStatus> WORST_FIRST = Comparator
            .comparing((InstanceStatus i) -> i.state().ordinal(), Comparator.reverseOrder())
            .thenComparing(InstanceStatus::lagSeconds, Comparator.reverseOrder())
            .thenComparing(InstanceStatus::id);

    /** What the aggregator makes of an instance. */
    public enum State {
        /** Up to date: the aggregator waits for it before closing a second. */
        LIVE,
        /** Behind by more than the lateness: seconds close without it, its late frames count as late. */
        LATE,
        /** Nothing heard from it for longer than the gone timeout. */
        GONE;

        /** The name in JSON and on the dashboard. */
        public String displayName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The state named {@code name} (as {@link #displayName()}), or null. */
        public static State fromName(final String name) {
            for (final State s : values()) {
                if (s.displayName().equals(name)) {
                    return s;
                }
            }
            return null;
        }
    }
}
