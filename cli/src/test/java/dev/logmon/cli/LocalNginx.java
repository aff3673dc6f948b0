package dev.logmon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real nginx for tests, run in the foreground as the test's own user: its configuration, pid,
 * error log ({@code nginx-error.log}), temporary files ({@code nginx-tmp/}) and output
 * ({@code nginx.out}) all under one directory, so it needs no root and leaves nothing behind.
 */
final class LocalNginx {
    private LocalNginx() {
    }

    /** The nginx binary (Debian's package, or another usual place), or null where none is installed. */
    static Path binary() {
        for (final String p : new String[] {"/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"}) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    /**
     * Writes {@code dir/nginx.conf} with {@code httpLines} inside its {@code http} block (after the
     * temporary paths) and starts {@code binary} on it. The caller waits for its port and stops it.
     */
    static Process start(final Path binary, final Path dir, final String... httpLines) throws IOException {
        final Path tmp = Files.createDirectories(dir.resolve("nginx-tmp"));
        final List<String> conf = new ArrayList<>(List.of(
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("nginx-error.log") + " warn;",
                "events { worker_connections 256; }",
                "http {",
                "  client_body_temp_path " + tmp + ";",
                "  proxy_temp_path " + tmp + ";",
                "  fastcgi_temp_path " + tmp + ";",
                "  uwsgi_temp_path " + tmp + ";",
                "  scgi_temp_path " + tmp + ";"));
        conf.addAll(List.of(httpLines));
        conf.add("}");
        conf.add("");
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n", conf));
        return new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    }
}
