package dev.logmon.cli;

import picocli.AutoComplete;
import picocli.CommandLine;

import dev.logmon.cli.options.ConfiguredArgs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step (run by the cli module's pom before the release archive is packed): writes the man
 * page {@code man/logmon.1} and the bash/zsh completion script {@code completion/logmon} from the
 * picocli command tree, under the name the archive's launcher has ({@code logmon}).
 */
public final class DistDocs {
    /** The command's name in the release archive ({@code bin/logmon}). */
    static final String NAME = "logmon";

    private DistDocs() {
    }

    /** @param args the output directory */
    public static void main(final String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: DistDocs OUTPUT-DIR");
        }
        final Path dir = Path.of(args[0]);
        final CommandLine tree = tree();
        final Path man = dir.resolve("man").resolve(NAME + ".1");
        final Path completion = dir.resolve("completion").resolve(NAME);
        Files.createDirectories(man.getParent());
        Files.createDirectories(completion.getParent());
        Files.writeString(man, ManPage.render(tree, VersionInfo.version()), StandardCharsets.UTF_8);
        Files.writeString(completion, AutoComplete.bash(NAME, tree), StandardCharsets.UTF_8);
    }

    /** The command tree as the archive's launcher runs it, named {@code logmon}. */
    static CommandLine tree() {
        final CommandLine tree = ConfiguredArgs.throwawayTree();
        tree.setCommandName(NAME);
        return tree;
    }
}
