package dev.logmon.cli.options;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The error stream of a command whose settings came partly from a config file or the
 * environment: a line naming one of those options (a problem such as {@code --alert-rule must be
 * relative or absolute}) gets {@code (set in FILE line N)} appended, so a bad value found only
 * when the command checks its settings still points at the line to fix.
 */
public final class ConfigNotes extends OutputStream {
    private final PrintStream target;
    private final Map<Pattern, String> notes = new LinkedHashMap<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    /** A stream over {@code target} that annotates nothing until {@link #annotate} is called. */
    public ConfigNotes(final PrintStream target) {
        this.target = target;
    }

    /** From now on, lines naming one of these options (long name to where it was set) get the note. */
    public synchronized void annotate(final Map<String, String> whereByKey) {
        notes.clear();
        whereByKey.forEach((key, where) -> notes.put(Pattern.compile("--" + Pattern.quote(key) + "(?![a-z0-9-])"), where));
    }

    @Override
    public synchronized void write(final int b) {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(final byte[] b, final int off, final int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() {
        if (line.size() > 0) {
            emit();
        }
        target.flush();
    }

    private void emit() {
        if (notes.isEmpty()) {
            target.write(line.toByteArray(), 0, line.size());
            line.reset();
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        final boolean newline = text.endsWith("\n");
        if (newline) {
            text = text.substring(0, text.length() - 1);
        }
        final StringBuilder added = new StringBuilder();
        for (final Map.Entry<Pattern, String> n : notes.entrySet()) {
            if (n.getKey().matcher(text).find()) {
                added.append(added.length() == 0 ? " (" : "; ").append("set in ").append(n.getValue());
            }
        }
        if (added.length() > 0) {
            added.append(')');
        }
        target.print(text + added + (newline ? "\n" : ""));
    }
}
