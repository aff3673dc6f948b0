package dev.logmon.core.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RELIABILITY row 44 when the heap is gone for every thread: exactly one fatal line, whichever
 * thread meets the error and even when the first attempt to write the line runs out of memory
 * itself. ({@link HandlerErrors#lastResort} is what the process's main method calls.)
 */
class HandlerErrorsLastResortTest {
    private static final String NL = System.lineSeparator();

    @BeforeEach
    void newProcess() {
        HandlerErrors.forgetProcessState();
    }

    @Test
    void shouldSayNothingMoreWhenAPipelineThreadAlreadySaidTheFatalLine() {
        final ByteArrayOutputStream pipelineOut = new ByteArrayOutputStream();
        final HandlerErrors errors = new HandlerErrors(new PrintStream(pipelineOut, true, StandardCharsets.UTF_8));
        errors.fatal("logmon-analyzer-1", new OutOfMemoryError("Java heap space"));

        final ByteArrayOutputStream mainOut = new ByteArrayOutputStream();
        HandlerErrors.lastResort("main", new OutOfMemoryError("Java heap space"),
                new PrintStream(mainOut, true, StandardCharsets.UTF_8));
        HandlerErrors.lastResort("main", null, new PrintStream(mainOut, true, StandardCharsets.UTF_8));

        assertThat(pipelineOut.toString(StandardCharsets.UTF_8)).isEqualTo(
                "logmon: fatal error in thread logmon-analyzer-1: OutOfMemoryError: Java heap space; ending the run" + NL);
        assertThat(mainOut.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void shouldSayTheMainThreadsErrorWhenNothingElseWasSaid() {
        final ByteArrayOutputStream mainOut = new ByteArrayOutputStream();
        HandlerErrors.lastResort("main", new OutOfMemoryError("Java heap space"),
                new PrintStream(mainOut, true, StandardCharsets.UTF_8));
        HandlerErrors.lastResort("main", null, new PrintStream(mainOut, true, StandardCharsets.UTF_8));

        assertThat(mainOut.toString(StandardCharsets.UTF_8)).isEqualTo(
                "logmon: fatal error in thread main: OutOfMemoryError: Java heap space; ending the run" + NL);
    }

    @Test
    void shouldSayTheFirstFatalErrorAtTheEndWhenItsLineCouldNotBeWritten() {
        final HandlerErrors errors = new HandlerErrors(new PrintStream(failing(Integer.MAX_VALUE), true,
                StandardCharsets.UTF_8));
        errors.fatal("logmon-analyzer-1", new OutOfMemoryError("Java heap space"));
        errors.fatal("logmon-combiner", new OutOfMemoryError("GC overhead limit exceeded"));

        final ByteArrayOutputStream mainOut = new ByteArrayOutputStream();
        HandlerErrors.lastResort("main", null, new PrintStream(mainOut, true, StandardCharsets.UTF_8));
        HandlerErrors.lastResort("main", null, new PrintStream(mainOut, true, StandardCharsets.UTF_8));

        assertThat(errors.fatalThread()).isEqualTo("logmon-analyzer-1");
        assertThat(mainOut.toString(StandardCharsets.UTF_8)).isEqualTo(
                "logmon: fatal error in thread logmon-analyzer-1: OutOfMemoryError: Java heap space; ending the run" + NL);
    }

    @Test
    void shouldLetALaterFatalErrorSayTheLineTheFirstCouldNotWrite() {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final AtomicInteger failuresLeft = new AtomicInteger(1);
        final HandlerErrors errors = new HandlerErrors(new PrintStream(new OutputStream() {
            @Override
            public void write(final int b) {
                if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new OutOfMemoryError("Java heap space");
                }
                written.write(b);
            }
        }, true, StandardCharsets.UTF_8));
        errors.fatal("logmon-analyzer-1", new OutOfMemoryError("Java heap space"));
        errors.fatal("main", new OutOfMemoryError("Java heap space"));
        errors.fatal("logmon-combiner", new OutOfMemoryError("Java heap space"));
        final ByteArrayOutputStream mainOut = new ByteArrayOutputStream();
        HandlerErrors.lastResort("main", null, new PrintStream(mainOut, true, StandardCharsets.UTF_8));

        assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo(
                "logmon: fatal error in thread main: OutOfMemoryError: Java heap space; ending the run" + NL);
        assertThat(mainOut.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    /** A stream whose first {@code n} writes run out of memory, as a println can when the heap is full. */
    private static OutputStream failing(final int n) {
        final AtomicInteger left = new AtomicInteger(n);
        return new OutputStream() {
            @Override
            public void write(final int b) {
                if (left.getAndDecrement() > 0) {
                    throw new OutOfMemoryError("Java heap space");
                }
            }
        };
    }
}
