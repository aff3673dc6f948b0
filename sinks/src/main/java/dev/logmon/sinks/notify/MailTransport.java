package dev.logmon.sinks.notify;

import dev.logmon.core.text.TextSafety;
import dev.logmon.core.time.Clock;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

import java.util.Date;
import java.util.Properties;

/**
 * Sends a notification as a plain-text mail over SMTP (Angus Mail). Connection problems and 4xx
 * replies are worth a retry; 5xx replies (unknown recipient, refused sender) and failed
 * authentication are not. No message ever holds the password.
 */
public final class MailTransport implements Transport {
    private final MailSettings settings;
    private final Clock clock;
    private final Session session;

    /**
     * @param settings server, addresses, credentials and timeout
     * @param clock    for the mail's Date header
     */
    public MailTransport(final MailSettings settings, final Clock clock) {
        this.settings = settings;
        this.clock = clock;
        final Properties p = new Properties();
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        final String timeout = Long.toString(settings.timeoutMs());
        p.setProperty("mail.smtp.connectiontimeout", timeout);
        p.setProperty("mail.smtp.timeout", timeout);
        p.setProperty("mail.smtp.writetimeout", timeout);
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.user() != null));
        if (settings.startTls()) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        }
        this.session = Session.getInstance(p);
    }

    @Override
    public String redactedTarget() {
        return "smtp://" + settings.host() + ":" + settings.port();
    }

    @Override
    public Attempt send(final Notification n) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        try {
            final MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(settings.from()));
            for (final String to : settings.to()) {
                m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            m.setSubject(AlertText.summary(n), "UTF-8");
            m.setText(AlertText.mailBody(n), "UTF-8");
            m.setSentDate(new Date(clock.millis()));
            if (settings.user() != null) {
                jakarta.mail.Transport.send(m, settings.user(), settings.password());
            } else {
                jakarta.mail.Transport.send(m);
            }
            return Attempt.delivered();
        } catch (AuthenticationFailedException e) {
            return Attempt.rejected("authentication failed" + reason(e));
        } catch (MailConnectException e) {
            return Attempt.retry("cannot connect to " + redactedTarget());
        } catch (SendFailedException e) {
            final int code = replyCode(e);
            final String detail = "SMTP " + (code > 0 ? code : "error") + reason(e);
            return code >= 500 ? Attempt.rejected(detail) : Attempt.retry(detail);
        } catch (MessagingException e) {
            return Attempt.retry(e.getClass().getSimpleName() + reason(e));
        }
    }

    /** The SMTP reply code in a send failure or in the exceptions it chains (bad recipient), else -1. */
    private static int replyCode(final MessagingException e) {
        Exception cur = e;
        while (cur != null) {
            if (cur instanceof SMTPSendFailedException f) {
                return f.getReturnCode();
            }
            if (cur instanceof SMTPAddressFailedException f) {
                return f.getReturnCode();
            }
            cur = cur instanceof MessagingException me ? me.getNextException() : null;
        }
        return -1;
    }

    private String reason(final Exception e) {
        final String m = e.getMessage();
        return m == null || m.isBlank() ? "" : ": " + TextSafety.truncated(hidePassword(m.strip()), 200);
    }

    private String hidePassword(final String text) {
        final String pw = settings.password();
        return pw == null || pw.isEmpty() ? text : text.replace(pw, "<secret>");
    }
}
