/**
 * Generated traffic: {@code logmon-cli generate} and the embedded default of {@code --demo}.
 *
 * <pre>
 *   TrafficGenerator (seeded Combined lines, request times optional) ──► TrafficWriter
 *        paced by Pacer on a real or SimulatedClock, with Bursts ──► a log file
 *   DemoLog: the demo's file, written through TrafficWriter at start and deleted at stop
 * </pre>
 */
package dev.logmon.cli.demo;
