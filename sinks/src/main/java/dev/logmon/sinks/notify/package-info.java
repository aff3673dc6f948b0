/**
 * Notifications: alert events delivered to webhooks and mail, each sink on its own thread.
 *
 * <pre>
 *   AlertEvent ──► NotificationSink ──► DeliveryEngine: bounded queue, own thread (DeliveryPolicy, Backoff, Sleeper)
 *                                                            │ one Attempt per try
 *                                                            ▼
 *                                         Transport: WebhookTransport (WebhookPayload) | MailTransport
 * </pre>
 *
 * <p>A receiver that is down, slow or hostile delays only its own queue; what was dropped or
 * failed is counted in the snapshot's delivery statistics.
 */
package dev.logmon.sinks.notify;
