package dev.logmon.core.history;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Disk full under the history directory, for real (RELIABILITY row 42): a small tmpfs is mounted
 * (root only; skipped with a message elsewhere), filled up while the writer runs across a UTC
 * midnight, so both a record and a new day's header meet the full disk, then freed. Every minute
 * offered, before, during and after, must read back, and no day may be lost.
 */
@Timeout(120)
class HistoryDiskFullTest {
    @TempDir
    Path tmp;

    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", mount.toString());
        }
    }

    private static int run(final String... command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Fills the file system with a filler file until it refuses a byte. */
    private static long fill(final Path filler) throws IOException {
        long written = 0;
        final byte[] block = new byte[4_096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException full) {
            // no space left on device
        }
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 4_096; i++) {
                out.write(1);
                out.flush();
                written++;
            }
        } catch (IOException full) {
            // every last byte taken
        }
        return written;
    }

    @Test
    void shouldReadEveryMinuteWrittenBeforeDuringAndAfterADiskFullAcrossMidnight() throws Exception {
        mount = tmp.resolve("mnt");
        Files.createDirectories(mount);
        final int rc = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString());
        if (rc != 0) {
            mount = null;
            Assumptions.assumeTrue(false, "cannot mount a tmpfs here (needs root): disk-full test skipped");
        }
        final Path dir = mount.resolve("history");
        final ByteArrayOutputStream notices = new ByteArrayOutputStream();
        final long midnight = LocalDate.of(2026, 11, 29).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        final HistoryWriter writer = new HistoryWriter(dir, 86_400L * 3650, 3_600, () -> midnight * 1000,
                new PrintStream(notices, true, StandardCharsets.UTF_8), false);
        final List<MinuteRecord> offered = new ArrayList<>();
        long minute = midnight - 30 * 60; // 23:30 of the day before

        for (int i = 0; i < 20; i++, minute += 60) { // 23:30 .. 23:49: written
            offered.add(HistoryStoreTest.minute(minute, 40 + i));
            writer.offerMinute(offered.get(offered.size() - 1));
        }
        awaitWritten(writer, 20);
        final Path filler = mount.resolve("filler");
        final long filled = fill(filler);
        for (int i = 0; i < 20; i++, minute += 60) { // 23:50 .. 00:09: the disk is full, a new day starts
            offered.add(HistoryStoreTest.minute(minute, 40 + i));
            writer.offerMinute(offered.get(offered.size() - 1));
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!notices.toString(StandardCharsets.UTF_8).contains("No space left") && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(notices.toString(StandardCharsets.UTF_8)).as("the full disk was met").contains("No space left");
        Files.delete(filler);
        for (int i = 0; i < 20; i++, minute += 60) { // 00:10 .. 00:29: space again
            offered.add(HistoryStoreTest.minute(minute, 40 + i));
            writer.offerMinute(offered.get(offered.size() - 1));
        }
        assertThat(writer.close(30_000)).isTrue();

        final List<String> problems = new ArrayList<>();
        final List<MinuteRecord> back = new HistoryReader(dir, problems::add).read(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
        final String text = notices.toString(StandardCharsets.UTF_8);
        assertThat(problems).as("reader problems; writer said:\n" + text).isEmpty();
        assertThat(back).as("every minute offered, in minute order").isEqualTo(offered);
        assertThat(writer.written()).isEqualTo(60);
        assertThat(writer.failed()).isZero();
        assertThat(writer.dropped()).isZero();
        assertThat(text).contains("writing again; the ");
        assertThat(text.lines().filter(l -> l.contains("No space left")).count()).as("one warning per episode: " + text)
                .isEqualTo(1);
        assertThat(Files.readAllBytes(dir.resolve("2026-11-29.lmh"))).startsWith(0x4C, 0x4D, 0x48, 0x31);
        System.out.printf("disk-full run: tmpfs 1 MiB, filler %d bytes; minutes offered %d, read back %d; "
                + "day files %s%n", filled, offered.size(), back.size(), HistoryStore.entries(dir));
    }

    private static void awaitWritten(final HistoryWriter writer, final long n) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (writer.written() < n && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        assertThat(writer.written()).isEqualTo(n);
    }
}
