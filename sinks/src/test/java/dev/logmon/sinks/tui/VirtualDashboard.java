package dev.logmon.sinks.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import com.googlecode.lanterna.terminal.Terminal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

/** A dashboard on Lanterna's in-memory terminal, driven step by step with a fake clock. */
final class VirtualDashboard {
    final DefaultVirtualTerminal terminal;
    final TerminalScreen screen;
    final TuiSink sink;
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final AtomicLong bellsHeard = new AtomicLong();

    VirtualDashboard(final int columns, final int rows, final boolean bell) {
        try {
            terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
            terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
                @Override
                public void onFlush() {
                }

                @Override
                public void onBell() {
                    bellsHeard.incrementAndGet();
                }

                @Override
                public void onClose() {
                }

                @Override
                public void onResized(final Terminal t, final TerminalSize size) {
                }
            });
            screen = new TerminalScreen(terminal);
            screen.startScreen();
            screen.setCursorPosition(null);
            sink = new TuiSink(terminal, screen, bell, "log time", nanos::get);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One UI step: a resize if any, the bell, a redraw. */
    VirtualDashboard step() {
        try {
            sink.step();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    VirtualDashboard resize(final int columns, final int rows) {
        terminal.setTerminalSize(new TerminalSize(columns, rows));
        return step();
    }

    VirtualDashboard press(final char c) {
        sink.key(new KeyStroke(c, false, false));
        return step();
    }

    VirtualDashboard press(final KeyType type) {
        sink.key(new KeyStroke(type));
        return step();
    }

    TextCharacter at(final int column, final int row) {
        return terminal.getCharacter(column, row);
    }

    String row(final int row) {
        final StringBuilder b = new StringBuilder();
        final int columns = terminal.getTerminalSize().getColumns();
        for (int c = 0; c < columns; c++) {
            final TextCharacter ch = terminal.getCharacter(c, row);
            b.append(ch == null ? " " : ch.getCharacterString());
            if (ch != null && ch.isDoubleWidth()) {
                c++;
            }
        }
        return b.toString();
    }

    /** The whole screen, one line per row, trailing spaces kept so columns line up. */
    String text() {
        final StringBuilder b = new StringBuilder();
        for (int r = 0; r < terminal.getTerminalSize().getRows(); r++) {
            b.append(row(r)).append('\n');
        }
        return b.toString();
    }

    /** The first row containing {@code text}; fails, showing the screen, when none does. */
    int rowContaining(final String text) {
        for (int r = 0; r < terminal.getTerminalSize().getRows(); r++) {
            if (row(r).contains(text)) {
                return r;
            }
        }
        throw new AssertionError("no row contains " + text + ":\n" + text());
    }

    /** Column of {@code needle} in a row, or -1. */
    int find(final int row, final String needle) {
        return row(row).indexOf(needle);
    }
}
