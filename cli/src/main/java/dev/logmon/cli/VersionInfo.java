package dev.logmon.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What {@code --version} prints: logmon's version and the git commit it was built from (written
 * into {@code build.properties} by the build) and the Java runtime it runs on.
 */
public final class VersionInfo implements IVersionProvider {
    /** The resource the build writes, next to this class. */
    static final String RESOURCE = "build.properties";

    @Override
    public String[] getVersion() {
        final Properties build = build();
        return new String[] {
            "logmon " + build.getProperty("version", "unknown"),
            "commit " + build.getProperty("commit", "unknown"),
            "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.vendor") + " "
                    + System.getProperty("java.vm.name") + ") at " + System.getProperty("java.home"),
        };
    }

    /** The version alone, e.g. {@code 0.1.0-SNAPSHOT} ({@code unknown} when run from classes the build did not make). */
    static String version() {
        return build().getProperty("version", "unknown");
    }

    private static Properties build() {
        final Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
