package dev.logmon.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code attach} checks before it opens the dashboard (the dashboard itself needs a terminal). */
class AttachCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:9900", "ftp://127.0.0.1:9900", "http://", "http://u:secret@127.0.0.1:9900",
            "http://127.0.0.1:9900/?token=secret", "not a url"})
    void shouldRejectAUrlItCannotFollowWithOneMessage(final String url) {
        final List<String> problems = new ArrayList<>();

        assertThat(AttachCommand.parseUrl(url, problems)).isNull();

        assertThat(problems).singleElement().asString().startsWith("URL").doesNotContain("secret");
    }

    @Test
    void shouldKeepAPathPrefixForAServiceBehindAProxy() {
        final List<String> problems = new ArrayList<>();

        final URI base = AttachCommand.parseUrl("https://mon.example.org/logmon", problems);

        assertThat(problems).isEmpty();
        assertThat(new dev.logmon.sinks.attach.HttpEventConnector(base, null).uri())
                .isEqualTo(URI.create("https://mon.example.org/logmon/events"));
        assertThat(new dev.logmon.sinks.attach.HttpEventConnector(URI.create("http://127.0.0.1:9900"), null).uri())
                .isEqualTo(URI.create("http://127.0.0.1:9900/events"));
    }

    @Test
    void shouldExitTwoWithoutATerminalOrWithABadUrl() {
        final CliRun run = CliRun.run("attach", "gopher://x", "--sink-not-an-option-here");

        assertThat(run.exitCode).isEqualTo(2);
        final CliRun noTerminal = CliRun.run("attach", "http://127.0.0.1:9");
        assertThat(noTerminal.exitCode).isEqualTo(2);
        assertThat(noTerminal.err).contains("needs a terminal");
    }
}
