package dev.logmon.core.analyze;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM started without the export Agrona's buffers need is told which flag, not an IllegalAccessError. */
class FrameCodecWithoutExportIT {
    /** Makes a codec and prints what happened: "ok N" or the exception's class and message. */
    public static final class Probe {
        public static void main(final String[] args) {
            try {
                System.out.println("ok " + new FrameCodec().encodeToArray(new Frame(16)).length);
            } catch (RuntimeException e) {
                System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private static String run(final boolean export) throws Exception {
        final String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final ProcessBuilder pb = export
                ? new ProcessBuilder(java, "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", classpath,
                        Probe.class.getName())
                : new ProcessBuilder(java, "-cp", classpath, Probe.class.getName());
        final Process p = pb.redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        return out;
    }

    @Test
    @Timeout(120)
    void shouldNameTheMissingFlag() throws Exception {
        assertThat(run(false)).isEqualTo("IllegalStateException: " + FrameCodec.NEEDS_EXPORT);
    }

    @Test
    @Timeout(120)
    void shouldWorkWithTheFlag() throws Exception {
        assertThat(run(true)).startsWith("ok ");
    }
}
