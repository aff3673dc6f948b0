/**
 * The {@code logmon-cli} commands (picocli): the monitor itself ({@link dev.logmon.cli.LogmonCommand}),
 * {@code serve}, {@code generate}, {@code history}, {@code attach}, {@code config}, and the one
 * place a run is assembled and stopped.
 *
 * <pre>
 *   argv ──► Main ──► ConfiguredArgs (config file, environment, command line)  [options]
 *        ──► LogmonCommand / ServeCommand: validate into Settings, exit 2 on a bad option
 *        ──► MonitorRun.builder(...)  sinks by SinkKind, HTTP API, state, history, demo  [demo]
 *              start(): opened in order, closed again if a later step fails
 *              stop():  demo, final snapshot, sinks, notification grace, history, API
 * </pre>
 *
 * <p>Depends on {@code core} and {@code sinks}; option groups live in {@code options}, the
 * generated traffic of {@code generate} and {@code --demo} in {@code demo}.
 */
package dev.logmon.cli;
