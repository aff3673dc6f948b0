package dev.logmon.sinks.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import dev.logmon.core.snapshot.AlertEvent;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.SnapshotListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The terminal dashboard. Snapshots and alerts arrive on the sink runner's thread and only update
 * the {@link DashboardState}; a UI thread of its own reads keys, follows resizes, rings the bell
 * and redraws: on every change and at least once a second.
 *
 * <pre>
 *   SinkRunner thread --onSnapshot/onAlert--> [ state, under lock ] <--keys, draw-- UI thread --> Screen
 * </pre>
 *
 * {@code q} or Esc asks to quit ({@link #awaitQuit}); the command then stops the pipeline, whose
 * final snapshot arrives here before {@link #close()} restores the terminal.
 */
public final class TuiSink implements SnapshotListener {
    private static final long TICK_NANOS = 50_000_000L;
    private static final long REDRAW_NANOS = 1_000_000_000L;

    private final Terminal terminal;
    private final Screen screen;
    private final boolean bell;
    private final LongSupplier nanos;
    private final DashboardState state;
    private final DashboardRenderer renderer = new DashboardRenderer();
    private final CountDownLatch quit = new CountDownLatch(1);
    private final Object lock = new Object();
    private Rendered rendered;
    private boolean dirty = true;
    private int bellsPending;
    private long bells;
    private long nextDraw;
    private volatile boolean running;
    private Thread ui;
    private boolean closed;
    private volatile Consumer<KeyStroke> otherKeys = key -> { };

    /**
     * @param terminal  where the bell rings
     * @param screen    a started screen over {@code terminal}
     * @param bell      ring the terminal bell when an alert goes on
     * @param timeLabel how the clock's time is described ({@code arrival time} or {@code log time})
     * @param nanos     monotonic clock for the redraw timer and lines/s
     */
    public TuiSink(final Terminal terminal, final Screen screen, final boolean bell, final String timeLabel,
                   final LongSupplier nanos) {
        this.terminal = terminal;
        this.screen = screen;
        this.bell = bell;
        this.nanos = nanos;
        this.state = new DashboardState(timeLabel);
    }

    /** Opens the dashboard on this process's terminal (never a Swing window) and starts its UI thread. */
    public static TuiSink open(final boolean bell, final String timeLabel) {
        try {
            final Terminal terminal = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                    .setForceTextTerminal(true)
                    .createTerminal();
            final Screen screen = new TerminalScreen(terminal);
            screen.startScreen();
            screen.setCursorPosition(null);
            final TuiSink sink = new TuiSink(terminal, screen, bell, timeLabel, System::nanoTime);
            sink.start();
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        }
    }

    /** Starts the UI thread (keys, resizes, redraws). */
    public void start() {
        running = true;
        ui = new Thread(this::loop, "logmon-tui");
        ui.setDaemon(true);
        ui.start();
    }

    @Override
    public void onSnapshot(final Snapshot snapshot) {
        synchronized (lock) {
            state.onSnapshot(snapshot, nanos.getAsLong());
            dirty = true;
        }
    }

    @Override
    public void onAlert(final AlertEvent alert) {
        synchronized (lock) {
            state.onAlert(alert);
            if (bell && alert.on() && !alert.repeat()) {
                bellsPending++;
            }
            dirty = true;
        }
    }

    /**
     * Shows the state of a remote feed in the header ({@code attach}): null when connected, else
     * e.g. {@code reconnecting (connection refused)}. Safe from any thread.
     */
    public void connection(final String status) {
        synchronized (lock) {
            state.connection(status);
            dirty = true;
        }
    }

    /**
     * A note in the header, in neutral colours (null: none); control characters are shown
     * escaped. Safe from any thread.
     */
    public void banner(final String text) {
        synchronized (lock) {
            state.banner(text);
            dirty = true;
        }
    }

    /**
     * Where the run's HTTP API and browser page answer ({@code --listen}, e.g.
     * {@code http://127.0.0.1:9900/}): shown at the right of the header when it fits and in the
     * {@code ?} help, since the notice saying it is held until the dashboard gives the terminal
     * back. Safe from any thread.
     */
    public void api(final String url) {
        synchronized (lock) {
            state.api(url);
            dirty = true;
        }
    }

    /**
     * Where the keys the dashboard has no use for go (on the UI thread, outside the dashboard's
     * lock): {@code history} steps through its buckets with them.
     */
    public void onOtherKeys(final Consumer<KeyStroke> listener) {
        this.otherKeys = listener;
    }

    /** Waits until the user asks to quit; true if they did within the time. */
    public boolean awaitQuit(final long timeoutMs) throws InterruptedException {
        return quit.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** True once the user asked to quit. */
    public boolean quitRequested() {
        return quit.getCount() == 0;
    }

    private void loop() {
        while (running) {
            try {
                KeyStroke key;
                while ((key = screen.pollInput()) != null) {
                    key(key);
                }
                step();
            } catch (IOException e) {
                // the terminal went away: nothing left to show, so ask to stop
                quit.countDown();
                return;
            } catch (RuntimeException e) {
                synchronized (lock) {
                    dirty = true;
                }
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
    }

    /** Applies one key (the UI thread calls it; tests may too). */
    void key(final KeyStroke key) {
        final DashboardState.Action action;
        synchronized (lock) {
            action = state.onKey(key, rendered);
            if (action == DashboardState.Action.QUIT) {
                quit.countDown();
            } else if (action == DashboardState.Action.REDRAW) {
                dirty = true;
            }
        }
        if (action == DashboardState.Action.NONE) {
            otherKeys.accept(key);
        }
    }

    /** Follows a resize, rings a pending bell, and redraws when something changed or a second passed. */
    void step() throws IOException {
        final TerminalSize resized = screen.doResizeIfNecessary();
        synchronized (lock) {
            if (resized != null) {
                dirty = true;
            }
            while (bellsPending > 0) {
                bellsPending--;
                bells++;
                terminal.bell();
                terminal.flush();
            }
            final long now = nanos.getAsLong();
            if (dirty || now - nextDraw >= 0) {
                draw();
                nextDraw = now + REDRAW_NANOS;
            }
        }
    }

    private void draw() throws IOException {
        rendered = renderer.draw(screen.newTextGraphics(), screen.getTerminalSize(), state);
        // a full refresh after a resize: the delta refresh assumes the terminal kept its cells
        screen.refresh(dirty ? Screen.RefreshType.AUTOMATIC : Screen.RefreshType.DELTA);
        dirty = false;
    }

    /** Bells rung so far. */
    long bells() {
        synchronized (lock) {
            return bells;
        }
    }

    /** Stops the UI thread, draws the final state and restores the terminal. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        running = false;
        if (ui != null) {
            try {
                ui.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            synchronized (lock) {
                draw();
            }
            screen.stopScreen();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the terminal", e);
        }
    }
}
