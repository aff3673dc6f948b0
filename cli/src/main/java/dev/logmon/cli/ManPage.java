package dev.logmon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import dev.logmon.cli.options.HelpSections;
import java.util.List;

/**
 * Renders {@code logmon(1)} in troff from the picocli model, the same model {@code --help}
 * prints, so the man page cannot drift from the options. (picocli's own ManPageGenerator writes
 * AsciiDoc, which needs Asciidoctor to become a man page; that does not resolve here, so the
 * model is rendered directly: one section per command, one entry per visible option.)
 */
final class ManPage {
    private ManPage() {
    }

    /** The whole page for the command tree under {@code root} (named as it should be in the page). */
    static String render(final CommandLine root, final String version) {
        final CommandSpec spec = root.getCommandSpec();
        final String name = spec.name();
        final StringBuilder b = new StringBuilder();
        b.append(".TH ").append(name.toUpperCase(java.util.Locale.ROOT)).append(" 1 \"\" \"")
                .append(escape(name + " " + version)).append("\" \"User Commands\"\n");
        b.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(firstSentence(text(spec.usageMessage().description()))))
                .append('\n');
        b.append(".SH SYNOPSIS\n");
        synopsis(b, spec);
        for (final CommandLine sub : root.getSubcommands().values()) {
            b.append(".br\n");
            synopsis(b, sub.getCommandSpec());
        }
        b.append(".SH DESCRIPTION\n");
        paragraphs(b, text(spec.usageMessage().description()));
        b.append(".SH OPTIONS\n");
        options(b, spec);
        paragraphs(b, text(spec.usageMessage().footer()));
        b.append(".SH COMMANDS\n");
        for (final CommandLine sub : root.getSubcommands().values()) {
            final CommandSpec s = sub.getCommandSpec();
            b.append(".SS \"").append(escape(s.qualifiedName())).append("\"\n");
            paragraphs(b, text(s.usageMessage().description()));
            for (final CommandLine.Model.PositionalParamSpec p : s.positionalParameters()) {
                if (!p.hidden()) {
                    b.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n")
                            .append(body(text(p.description()))).append('\n');
                }
            }
            options(b, s);
            paragraphs(b, text(s.usageMessage().footer()));
        }
        b.append(".SH FILES\n");
        b.append(".TP\n\\fI/etc/logmon/logmon.conf\\fR\n")
                .append(body("Read by \"" + name + " serve\" when present and no --config is given: any long option as "
                        + "\"key = value\", one per line; the command line wins.")).append('\n');
        b.append(".SH ENVIRONMENT\n");
        b.append(".TP\n\\fBJAVA_HOME\\fR\nThe Java 17+ runtime to use (else java on the PATH).\n");
        b.append(".TP\n\\fBLOGMON_JAVA_OPTS\\fR\n")
                .append(body("JVM options instead of the default -XX:+UseSerialGC -Xms64m.")).append('\n');
        b.append(".SH SEE ALSO\nThe README.md shipped with ").append(escape(name))
                .append(" (README.md at the top of the release archive).\n");
        return b.toString();
    }

    private static void synopsis(final StringBuilder b, final CommandSpec s) {
        b.append("\\fB").append(escape(s.qualifiedName())).append("\\fR [\\fIOPTIONS\\fR]");
        for (final CommandLine.Model.PositionalParamSpec p : s.positionalParameters()) {
            if (!p.hidden()) {
                b.append(" \\fI").append(escape(p.paramLabel())).append("\\fR");
            }
        }
        b.append('\n');
    }

    private static void options(final StringBuilder b, final CommandSpec s) {
        if (s.userObject() instanceof LogmonCommand || s.userObject() instanceof ServeCommand) {
            HelpSections.grouped(s).forEach((heading, list) -> {
                b.append(".PP\n\\fI").append(escape(heading)).append("\\fR\n");
                options(b, list);
            });
        } else {
            options(b, s.options());
        }
    }

    private static void options(final StringBuilder b, final List<OptionSpec> list) {
        for (final OptionSpec o : list) {
            if (o.hidden()) {
                continue;
            }
            b.append(".TP\n");
            final String[] names = o.names();
            for (int i = 0; i < names.length; i++) {
                b.append(i == 0 ? "" : ", ").append("\\fB").append(escape(names[i])).append("\\fR");
            }
            if (o.typeInfo().isBoolean() || o.arity().max() == 0) {
                b.append('\n');
            } else {
                b.append("=\\fI").append(escape(o.paramLabel())).append("\\fR\n");
            }
            b.append(body(text(o.description()))).append('\n');
        }
    }

    private static void paragraphs(final StringBuilder b, final String text) {
        for (final String para : text.split("\n")) {
            if (!para.isBlank()) {
                b.append(".PP\n").append(body(para)).append('\n');
            }
        }
    }

    /** Description lines joined; picocli's format escapes ({@code %%}, {@code %n}) resolved. */
    private static String text(final String[] lines) {
        return String.join("\n", List.of(lines)).replace("%n", "\n").replace("%%", "%");
    }

    private static String firstSentence(final String text) {
        final int colon = text.indexOf(':');
        final int dot = text.indexOf(". ");
        final int end = colon > 0 && (dot < 0 || colon < dot) ? colon : dot;
        return end > 0 ? text.substring(0, end) : text;
    }

    /** Running text: escaped, and never starting a line with a control character. */
    private static String body(final String text) {
        final String e = escape(text.strip());
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }

    /** troff escapes: backslashes and hyphens (so options copy as ASCII). */
    static String escape(final String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }
}
