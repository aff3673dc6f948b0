package dev.logmon.cli;

import dev.logmon.cli.demo.TrafficGenerator;
import dev.logmon.cli.options.ConfiguredArgs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The release archive {@code mvn package} makes, as an operator meets it: unpacked with
 * {@code tar} into a temporary directory, {@code bin/logmon} run on the Java that runs these
 * tests (found through {@code JAVA_HOME}, then through {@code PATH}); its man page and completion
 * name every option of every command; its systemd unit passes {@code systemd-analyze verify}.
 */
class ReleaseArchiveIT {
    @TempDir
    static Path unpacked;

    private static Path home;

    @TempDir
    Path dir;

    @BeforeAll
    static void unpack() throws Exception {
        final List<Path> archives;
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            archives = s.filter(p -> p.getFileName().toString().matches("logmon-.*\\.tar\\.gz")).toList();
        }
        assertThat(archives).as("one release archive in target/ (mvn package makes it)").hasSize(1);
        final Process tar = new ProcessBuilder("tar", "xzf", archives.get(0).toAbsolutePath().toString(),
                "-C", unpacked.toString()).redirectErrorStream(true).start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as("tar: %s", new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        try (Stream<Path> s = Files.list(unpacked)) {
            final List<Path> top = s.toList();
            assertThat(top).as("one top directory, logmon-VERSION").hasSize(1);
            home = top.get(0);
        }
        assertThat(home.getFileName().toString()).isEqualTo("logmon-" + VersionInfo.version());
    }

    @Test
    void shouldHoldTheFilesAnOperatorNeeds() throws IOException {
        for (final String f : List.of("bin/logmon", "lib/logmon-cli.jar", "share/man/man1/logmon.1",
                "share/bash-completion/completions/logmon", "etc/logmon.conf", "systemd/logmon.service", "README.md")) {
            assertThat(home.resolve(f)).as(f).isRegularFile();
        }
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/logmon"))).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldPrintTheVersionTheCommitAndTheJavaRuntime() throws Exception {
        final Run r = run(true, "--version");
        assertThat(r.code).as("exit code; stderr: %s", r.err).isZero();
        final String[] lines = r.out.split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("logmon " + VersionInfo.version());
        assertThat(lines[1]).matches("commit ([0-9a-f]{12}(-dirty)?|unknown)");
        assertThat(lines[2]).startsWith("Java " + System.getProperty("java.runtime.version"))
                .contains(System.getProperty("java.home"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldFindJavaOnThePathWithoutJavaHome() throws Exception {
        final Run r = run(false, "--version");
        assertThat(r.code).as("exit code; stderr: %s", r.err).isZero();
        assertThat(r.out).startsWith("logmon " + VersionInfo.version() + "\n");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldSayWhatIsMissingWithoutAnyJava() throws Exception {
        // a PATH with the tools the launcher uses, and no java
        final Path bin = Files.createDirectories(dir.resolve("bin"));
        for (final String tool : List.of("env", "bash", "readlink", "dirname", "sed")) {
            final Path real = Stream.of("/usr/bin/", "/bin/").map(d -> Path.of(d + tool)).filter(Files::isExecutable)
                    .findFirst().orElseThrow();
            final Path wrapper = bin.resolve(tool); // a script, not a symlink: @TempDir warns when it deletes those
            Files.writeString(wrapper, "#!/bin/sh\nexec " + real + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        final ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/logmon").toString(), "--version");
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", bin.toString());
        final Process p = pb.redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).contains("no Java found").contains("JAVA_HOME");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldRefuseAnOldJavaByItsReleaseFileWithoutStartingIt() throws Exception {
        // a Java 8 runtime as it names itself in its release file (the old 1.x scheme); its java must not run
        final Path jre = Files.createDirectories(dir.resolve("old jre").resolve("bin")).getParent();
        Files.writeString(jre.resolve("release"), "JAVA_VERSION=\"1.8.0_392\"\n");
        final Path oldJava = jre.resolve("bin/java");
        Files.writeString(oldJava, "#!/bin/sh\necho 'the old java ran' >&2\nexit 99\n");
        Files.setPosixFilePermissions(oldJava, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        final ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/logmon").toString(), "--version");
        pb.environment().put("JAVA_HOME", jre.toString());
        final Process p = pb.redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit code; output: %s", out).isEqualTo(1);
        assertThat(out).contains("is Java 8;").contains("needs Java 17 or newer").doesNotContain("the old java ran");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldShipAnExampleConfigThatServeAcceptsWithEverySettingUncommented() throws Exception {
        // the example's commented settings ("# key = value") must stay valid as options are renamed
        final String example = Files.readString(home.resolve("etc/logmon.conf"));
        final String all = example.replaceAll("(?m)^# ([a-z][a-z0-9-]* = )", "$1");
        final long settings = all.lines().filter(l -> l.matches("[a-z][a-z0-9-]* = .*")).count();
        assertThat(settings).as("settings in the example once uncommented").isGreaterThan(10);
        final Path conf = dir.resolve("all.conf");
        Files.writeString(conf, all);
        final Run r = run(true, "config", "--print", "--for", "serve", "--config", conf.toString());
        assertThat(r.code).as("exit code; stderr: %s", r.err).isZero();
        assertThat(r.out).contains("listen = 127.0.0.1:9900", "state-dir = /var/lib/logmon", "sink = email");
        final long fromFile = r.out.lines().filter(l -> l.contains("# " + conf + " line ")).count();
        assertThat(fromFile).as("printed lines set by the file; output:%n%s", r.out).isEqualTo(settings);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldReplayTheDemoAsJsonLines() throws Exception {
        final Run r = run(true, "--demo", "--once", "--sink", "json");
        assertThat(r.code).as("exit code; stderr: %s", r.err).isZero();
        assertThat(r.err).as("stderr").isEmpty();
        final List<JsonNode> lines = json(r.out);
        assertThat(lines.stream().filter(n -> n.at("/type").asString().equals("alert"))).as("alerts").isNotEmpty();
        final JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.at("/final").asBoolean()).isTrue();
        assertThat(last.at("/lines/parsed").asLong()).isPositive();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldReplayWithTheSettingsOfAConfigFileUnderTheCommandLine() throws Exception {
        final int count = 5_000;
        final Path log = dir.resolve("access.log");
        try (OutputStream out = Files.newOutputStream(log)) {
            final TrafficGenerator gen = new TrafficGenerator(11);
            final byte[] buf = new byte[TrafficGenerator.MAX_LINE_BYTES];
            for (int i = 0; i < count; i++) {
                out.write(buf, 0, gen.writeLine(1_767_225_600L + i / 50, buf));
            }
        }
        final Path conf = dir.resolve("logmon.conf");
        Files.writeString(conf, String.join("\n", "# a replay", "source = " + log, "from-start = true",
                "once = true", "sink = json", "alert-rule = absolute", "threshold = 42", ""));
        final Run r = run(true, "--config", conf.toString(), "--threshold", "43");
        assertThat(r.code).as("exit code; stderr: %s", r.err).isZero();
        final List<JsonNode> lines = json(r.out);
        final JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.at("/final").asBoolean()).isTrue();
        assertThat(last.at("/lines/parsed").asLong()).as("every line of the file the config names").isEqualTo(count);
        assertThat(last.at("/alert/rule").asString()).as("from the file").isEqualTo("absolute");
        assertThat(last.at("/alert/threshold").asDouble()).as("the command line wins").isEqualTo(43.0);

        Files.writeString(conf, "source = " + log + "\nonce = true\nthreshold = lots\n");
        final Run bad = run(true, "--config", conf.toString());
        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.err).contains(conf + " line 3: bad value for threshold");
        assertThat(bad.out).isEmpty();
    }

    @Test
    void shouldNameEveryOptionInTheManPageAndTheCompletion() throws IOException {
        final String man = Files.readString(home.resolve("share/man/man1/logmon.1"));
        final String completion = Files.readString(home.resolve("share/bash-completion/completions/logmon"));
        final List<String> checked = new ArrayList<>();
        final CommandLine tree = DistDocs.tree();
        final List<CommandLine> commands = new ArrayList<>(List.of(tree));
        commands.addAll(tree.getSubcommands().values());
        for (final CommandLine c : commands) {
            assertThat(man).as("man page section of %s", c.getCommandName())
                    .contains(ManPage.escape(c.getCommandSpec().qualifiedName()));
            assertThat(completion).contains(c.getCommandName());
            for (final OptionSpec o : c.getCommandSpec().options()) {
                for (final String name : o.names()) {
                    assertThat(man).as("man page: %s of %s", name, c.getCommandName())
                            .contains("\\fB" + ManPage.escape(name) + "\\fR");
                    assertThat(completion).as("completion: %s of %s", name, c.getCommandName()).contains(name);
                    checked.add(name);
                }
            }
        }
        assertThat(checked).contains("--source", "--listen", "--config", "--webhook-url-file", "--print");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldShipASystemdUnitThatSystemdAccepts() throws Exception {
        final String unit = Files.readString(home.resolve("systemd/logmon.service"));
        assertThat(unit).contains("ExecStart=/opt/logmon/bin/logmon serve", "StateDirectory=logmon", "User=logmon",
                "ProtectSystem=strict", "NoNewPrivileges=true", "ReadOnlyPaths=", "ReadWritePaths=/var/lib/logmon",
                "RestartPreventExitStatus=2");
        assertThat(Files.readString(home.resolve("README.md"))).as("the README shows the unit as shipped").contains(unit);
        final Path analyze = Stream.of("/usr/bin/systemd-analyze", "/bin/systemd-analyze").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(analyze != null, "systemd-analyze is not installed: the unit is not verified");
        // verify checks that ExecStart's program exists: point it at the unpacked launcher
        final Path copy = dir.resolve("logmon.service");
        Files.writeString(copy, unit.replace("/opt/logmon/bin/logmon", home.resolve("bin/logmon").toString()));
        final Process p = new ProcessBuilder(analyze.toString(), "verify", "--man=no", copy.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(50, TimeUnit.SECONDS)).isTrue();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("systemd-analyze verify: %s", out).isZero();
        assertThat(out).as("warnings of systemd-analyze verify (an unknown key is only a warning)").isEmpty();
    }

    private static List<JsonNode> json(final String out) {
        final List<JsonNode> nodes = new ArrayList<>();
        for (final String line : out.split("\n")) {
            if (!line.isEmpty()) {
                nodes.add(CliRun.JSON.readTree(line));
            }
        }
        assertThat(nodes).isNotEmpty();
        return nodes;
    }

    /** Runs bin/logmon with the tests' Java through JAVA_HOME, or else only through PATH. */
    private Run run(final boolean javaHome, final String... args) throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/logmon").toString());
        command.addAll(List.of(args));
        final Path out = Files.createTempFile(dir, "out", ".txt");
        final Path err = Files.createTempFile(dir, "err", ".txt");
        final ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("LOGMON_JAVA_OPTS");
        pb.environment().keySet().removeIf(k -> k.startsWith(ConfiguredArgs.ENV_PREFIX));
        final String javaHomeDir = System.getProperty("java.home");
        if (javaHome) {
            pb.environment().put("JAVA_HOME", javaHomeDir);
            pb.environment().put("PATH", "/usr/bin:/bin");
        } else {
            pb.environment().remove("JAVA_HOME");
            pb.environment().put("PATH", Path.of(javaHomeDir, "bin") + ":/usr/bin:/bin");
        }
        final Process p = pb.start();
        assertThat(p.waitFor(100, TimeUnit.SECONDS)).as("bin/logmon %s finished", List.of(args)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Run(int code, String out, String err) {
    }
}
