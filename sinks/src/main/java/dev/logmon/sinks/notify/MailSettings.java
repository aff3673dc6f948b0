package dev.logmon.sinks.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.List;

/**
 * Where and how alert mails go.
 *
 * @param host      SMTP server
 * @param port      SMTP port
 * @param startTls  require STARTTLS before sending anything
 * @param user      login, or null for no authentication
 * @param password  password (from an environment variable or a file, never the command line), or null
 * @param from      sender address
 * @param to        recipients
 * @param timeoutMs connect, read and write timeout of one attempt
 */
public record MailSettings(String host, int port, boolean startTls, String user, String password, String from,
                           List<String> to, long timeoutMs) {

    public MailSettings {
        to = List.copyOf(to);
    }

    /** True when {@code text} is one valid mail address ({@code ops@example.com}, {@code Ops <ops@example.com>}). */
    public static boolean isAddress(final String text) {
        try {
            new InternetAddress(text, true).validate();
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "MailSettings[host=" + host + ", port=" + port + ", startTls=" + startTls + ", user=" + user
                + ", password=" + (password == null ? "none" : "<secret>") + ", from=" + from + ", to=" + to + "]";
    }
}
