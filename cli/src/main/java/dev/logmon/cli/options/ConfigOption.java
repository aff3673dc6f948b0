package dev.logmon.cli.options;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --config FILE} of {@code logmon-cli}, {@code logmon-cli serve} and {@code logmon-cli aggregate}. The file is read
 * before the command runs ({@link ConfiguredArgs}); the command itself only declares the option.
 */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Read settings from FILE: any long option without its dashes as key = value, one per line "
                    + "(# comments); the command line wins. serve reads " + "/etc/logmon/logmon.conf when it exists "
                    + "and no --config is given. 'logmon-cli config --print' shows what is in effect.")
    Path file;
}
