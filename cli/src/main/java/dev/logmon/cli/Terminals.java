package dev.logmon.cli;

import java.util.Map;

/** Whether this process can draw the dashboard: a console and a terminal type that can move the cursor. */
public final class Terminals {
    private Terminals() {
    }

    /** Null when the dashboard can run here, else why it cannot. */
    public static String problem() {
        return problem(System.console() != null, System.getenv());
    }

    public static String problem(final boolean console, final Map<String, String> env) {
        if (!console) {
            return "standard input or output is not a terminal";
        }
        final String term = env.get("TERM");
        if (term == null || term.isBlank()) {
            return "TERM is not set";
        }
        if ("dumb".equals(term)) {
            return "TERM=dumb cannot move the cursor";
        }
        return null;
    }
}
