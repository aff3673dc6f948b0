/**
 * The options of the commands, in picocli mixins by concern ({@link dev.logmon.cli.options.MonitorOptions},
 * {@link dev.logmon.cli.options.NotifyOptions}, {@link dev.logmon.cli.options.StateOptions},
 * {@link dev.logmon.cli.options.ServiceOptions}, {@link dev.logmon.cli.options.TokenOptions}), how
 * their values are read ({@link dev.logmon.cli.options.Durations},
 * {@link dev.logmon.cli.options.ListenAddress}), where they come from besides the command line
 * ({@link dev.logmon.cli.options.ConfiguredArgs}: a config file and {@code LOGMON_*} variables),
 * and how {@code --help} groups them ({@link dev.logmon.cli.options.HelpSections}).
 *
 * <pre>
 *   /etc/logmon/logmon.conf ─┐
 *   LOGMON_* environment  ───┼──► ConfiguredArgs ──► argv ──► picocli ──► option mixins ──► Settings
 *   command line ────────────┘        (command line wins, then environment, then file)
 * </pre>
 */
package dev.logmon.cli.options;
