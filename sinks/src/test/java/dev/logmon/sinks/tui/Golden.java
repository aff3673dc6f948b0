package dev.logmon.sinks.tui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Whole-screen comparison with a reviewed text file under {@code src/test/resources/golden}.
 * A missing file is written and the test fails, so a new screen is always looked at before it
 * becomes the reference; {@code -Dgolden.update=true} rewrites them after an intended change.
 */
final class Golden {
    private static final Path DIR = Path.of("src/test/resources/golden");

    private Golden() {
    }

    static void assertScreen(final String name, final String actual) {
        final Path file = DIR.resolve(name + ".txt");
        try {
            if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
                Files.createDirectories(DIR);
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                if (!Boolean.getBoolean("golden.update")) {
                    fail("wrote " + file + ": review it and run again");
                }
                return;
            }
            assertThat(actual).as("screen %s (rewrite with -Dgolden.update=true after an intended change)", name)
                    .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
