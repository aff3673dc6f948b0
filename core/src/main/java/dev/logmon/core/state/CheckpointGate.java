package dev.logmon.core.state;

/**
 * Holds a state save back until what was handed on before it is safe elsewhere: the kafka sink's
 * frames of the lines the save counts must be acknowledged before the save may say those lines
 * are done, or a crash between the save and the acknowledgement would lose them for the aggregate.
 *
 * <pre>
 *   combiner thread, preparing a save:  m = gate.mark()
 *   logmon-state thread, before writing: wait until gate.passed(m)   (a newer save keeps waiting behind it)
 * </pre>
 */
public interface CheckpointGate {
    /** No gate: every save is written at once. */
    CheckpointGate OPEN = new CheckpointGate() {
        @Override
        public long mark() {
            return 0;
        }

        @Override
        public boolean passed(final long mark) {
            return true;
        }
    };

    /** What must be safe before the save being prepared now is written (combiner thread). */
    long mark();

    /** True once everything up to {@code mark} is safe (any thread). */
    boolean passed(long mark);
}
