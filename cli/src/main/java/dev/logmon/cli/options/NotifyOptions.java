package dev.logmon.cli.options;

import dev.logmon.core.text.TextSafety;
import dev.logmon.sinks.notify.DeliveryPolicy;
import dev.logmon.sinks.notify.MailSettings;
import dev.logmon.sinks.notify.SecretUrl;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options of the notification sinks ({@code --sink webhook}, {@code --sink email}), checked in
 * one pass that reports every problem before anything is read. Secrets (the webhook URL, the SMTP
 * password) are read here from the option, an environment variable or a file, and never echoed:
 * messages name the option, not its value.
 */
public final class NotifyOptions {

    @Option(names = "--webhook-url", paramLabel = "URL",
            description = "Webhook to POST alert transitions to (http or https). Prefer --webhook-url-env or "
                    + "--webhook-url-file: a URL on the command line is visible to other users of the machine.")
    String webhookUrl;

    @Option(names = "--webhook-url-env", paramLabel = "VAR", description = "Read the webhook URL from this environment variable.")
    String webhookUrlEnv;

    @Option(names = "--webhook-url-file", paramLabel = "FILE", description = "Read the webhook URL from the first line of this file.")
    String webhookUrlFile;

    @Option(names = "--webhook-timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "Limit of one delivery attempt (webhook and email), e.g. 500ms, 5s (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--webhook-give-up", paramLabel = "DURATION", defaultValue = "10m",
            description = "Retry one notification for at most this long, then count it failed (default: ${DEFAULT-VALUE}).")
    String giveUp;

    @Option(names = "--webhook-repeat", paramLabel = "DURATION", defaultValue = "0",
            description = "While an alert lasts, send a reminder this often (active time, e.g. 10m); 0 = never "
                    + "(default: ${DEFAULT-VALUE}).")
    String repeat;

    @Option(names = "--webhook-hold", paramLabel = "DURATION", defaultValue = "2m",
            description = "Hold a resolve this long (active time) before sending it; an alert that fires again "
                    + "within the hold is one alert that flapped, not a new one; 0 = send every transition "
                    + "(default: ${DEFAULT-VALUE}).")
    String hold;

    @Option(names = "--webhook-grace", paramLabel = "DURATION", defaultValue = "10s",
            description = "At exit, let pending notifications be delivered for at most this long (default: ${DEFAULT-VALUE}).")
    String grace;

    @Option(names = "--smtp-host", paramLabel = "HOST", description = "SMTP server for --sink email.")
    String smtpHost;

    @Option(names = "--smtp-port", paramLabel = "PORT", defaultValue = "25",
            description = "SMTP port (default: ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(names = "--smtp-starttls", description = "Require STARTTLS before sending.")
    boolean smtpStartTls;

    @Option(names = "--smtp-user", paramLabel = "USER", description = "SMTP login (the password comes from "
            + "--smtp-password-env or --smtp-password-file).")
    String smtpUser;

    @Option(names = "--smtp-password-env", paramLabel = "VAR", description = "Read the SMTP password from this environment variable.")
    String smtpPasswordEnv;

    @Option(names = "--smtp-password-file", paramLabel = "FILE", description = "Read the SMTP password from the first line of this file.")
    String smtpPasswordFile;

    @Option(names = "--mail-from", paramLabel = "ADDRESS", description = "Sender of alert mails.")
    String mailFrom;

    @Option(names = "--mail-to", paramLabel = "ADDRESS", description = "Recipient of alert mails; repeat for several.")
    List<String> mailTo = new ArrayList<>();

    /** What the options resolved to; null parts are sinks not asked for. */
    public record Plan(SecretUrl webhookUrl, MailSettings mail, DeliveryPolicy policy, long holdSeconds) {
    }

    /**
     * Checks everything and resolves secrets; adds one message per problem.
     *
     * @param webhook true when {@code --sink webhook} was given
     * @param email   true when {@code --sink email} was given
     * @param env     the environment (injectable for tests)
     */
    public Plan conclude(final boolean webhook, final boolean email, final Map<String, String> env,
                         final List<String> problems) {
        final long timeoutMs = duration("--webhook-timeout", timeout, 1, 600_000, problems);
        final long giveUpMs = duration("--webhook-give-up", giveUp, 1, 7L * 24 * 3_600_000, problems);
        final long repeatMs = duration("--webhook-repeat", repeat, 0, 7L * 24 * 3_600_000, problems);
        final long graceMs = duration("--webhook-grace", grace, 0, 3_600_000, problems);
        final long holdMs = duration("--webhook-hold", hold, 0, 24L * 3_600_000, problems);
        if (repeatMs > 0 && repeatMs % 1_000 != 0) {
            problems.add("--webhook-repeat must be whole seconds (alerts are evaluated once a second): " + safe(repeat));
        }
        if (holdMs > 0 && holdMs % 1_000 != 0) {
            problems.add("--webhook-hold must be whole seconds (alerts are evaluated once a second): " + safe(hold));
        }
        final DeliveryPolicy policy = DeliveryPolicy.of(timeoutMs, giveUpMs, graceMs, Math.max(0, repeatMs) / 1_000);
        final SecretUrl url = webhook ? webhookUrl(env, problems) : null;
        if (!webhook && (webhookUrl != null || webhookUrlEnv != null || webhookUrlFile != null)) {
            problems.add("--webhook-url, --webhook-url-env and --webhook-url-file need --sink webhook");
        }
        final MailSettings mail = email ? mail(timeoutMs, env, problems) : null;
        if (!email && (smtpHost != null || mailFrom != null || !mailTo.isEmpty() || smtpUser != null
                || smtpPasswordEnv != null || smtpPasswordFile != null)) {
            problems.add("--smtp-* and --mail-* options need --sink email");
        }
        return new Plan(url, mail, policy, Math.max(0, holdMs) / 1_000);
    }

    private SecretUrl webhookUrl(final Map<String, String> env, final List<String> problems) {
        final int given = (webhookUrl != null ? 1 : 0) + (webhookUrlEnv != null ? 1 : 0) + (webhookUrlFile != null ? 1 : 0);
        if (given != 1) {
            problems.add(given == 0
                    ? "--sink webhook needs the URL: give one of --webhook-url, --webhook-url-env or --webhook-url-file"
                    : "give only one of --webhook-url, --webhook-url-env and --webhook-url-file");
            return null;
        }
        final String option;
        final String text;
        if (webhookUrl != null) {
            option = "--webhook-url";
            text = webhookUrl;
        } else if (webhookUrlEnv != null) {
            option = "--webhook-url-env " + safe(webhookUrlEnv) + ": the URL in it";
            text = fromEnv("--webhook-url-env", webhookUrlEnv, env, problems);
        } else {
            option = "--webhook-url-file " + safe(webhookUrlFile) + ": the URL in it";
            text = fromFile("--webhook-url-file", webhookUrlFile, problems);
        }
        if (text == null) {
            return null;
        }
        try {
            return SecretUrl.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(option + " " + e.getMessage());
            return null;
        }
    }

    private MailSettings mail(final long timeoutMs, final Map<String, String> env, final List<String> problems) {
        if (smtpHost == null || smtpHost.isBlank()) {
            problems.add("--sink email needs --smtp-host");
        }
        if (smtpPort < 1 || smtpPort > 65_535) {
            problems.add("--smtp-port must be between 1 and 65535: " + smtpPort);
        }
        if (mailFrom == null) {
            problems.add("--sink email needs --mail-from");
        } else {
            address("--mail-from", mailFrom, problems);
        }
        if (mailTo.isEmpty()) {
            problems.add("--sink email needs at least one --mail-to");
        }
        for (final String to : mailTo) {
            address("--mail-to", to, problems);
        }
        String password = null;
        if (smtpPasswordEnv != null && smtpPasswordFile != null) {
            problems.add("give only one of --smtp-password-env and --smtp-password-file");
        } else if (smtpPasswordEnv != null) {
            password = fromEnv("--smtp-password-env", smtpPasswordEnv, env, problems);
        } else if (smtpPasswordFile != null) {
            password = fromFile("--smtp-password-file", smtpPasswordFile, problems);
        }
        if (password != null && smtpUser == null) {
            problems.add("an SMTP password needs --smtp-user");
        }
        if (smtpUser != null && smtpPasswordEnv == null && smtpPasswordFile == null) {
            problems.add("--smtp-user needs --smtp-password-env or --smtp-password-file");
        }
        return new MailSettings(smtpHost, smtpPort, smtpStartTls, smtpUser, password, mailFrom, mailTo, timeoutMs);
    }

    private static void address(final String option, final String value, final List<String> problems) {
        if (!MailSettings.isAddress(value)) {
            problems.add(option + " is not a mail address: " + safe(value));
        }
    }

    private static String fromEnv(final String option, final String name, final Map<String, String> env,
                                  final List<String> problems) {
        final String v = env.get(name);
        if (v == null || v.isBlank()) {
            problems.add(option + " " + safe(name) + ": the variable is not set or empty");
            return null;
        }
        return v.strip();
    }

    private static String fromFile(final String option, final String file, final List<String> problems) {
        try {
            final List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                problems.add(option + " " + safe(file) + ": the file is empty");
                return null;
            }
            return lines.get(0).strip();
        } catch (IOException | RuntimeException e) {
            problems.add(option + " " + safe(file) + ": cannot read it (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private static long duration(final String option, final String value, final long min, final long max,
                                 final List<String> problems) {
        final long ms = Durations.parseMillis(value);
        if (ms < 0) {
            problems.add(option + " must be a duration such as 500ms, 30s, 10m or 1h: " + safe(value));
            return 0;
        }
        if (ms < min || ms > max) {
            problems.add(option + " must be between " + Durations.format(min) + " and " + Durations.format(max) + ": "
                    + safe(value));
            return 0;
        }
        return ms;
    }

    private static String safe(final String text) {
        return TextSafety.oneLine(text);
    }
}
