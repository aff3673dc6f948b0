package dev.logmon.sinks.notify;

import dev.logmon.core.snapshot.HostCount;
import dev.logmon.core.snapshot.SectionCount;
import dev.logmon.core.text.TextSafety;
import dev.logmon.sinks.json.JsonStyle;

import java.io.ByteArrayOutputStream;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * The JSON body of one webhook POST, written with Jackson's streaming generator (pure ASCII,
 * every control and non-ASCII character escaped). Schema version {@value #VERSION}; see the
 * README for an example.
 */
final class WebhookPayload {
    /** Bumped when a field changes meaning or disappears. */
    static final int VERSION = 1;

    private WebhookPayload() {
    }

    /** The body as UTF-8 bytes. */
    static byte[] write(final Notification n) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (JsonGenerator gen = JsonStyle.FACTORY.createGenerator(ObjectWriteContext.empty(), bytes,
                JsonEncoding.UTF8)) {
            gen.writeStartObject();
            gen.writeNumberProperty("version", VERSION);
            gen.writeStringProperty("status", n.status());
            gen.writeBooleanProperty("reminder", n.reminder());
            gen.writeNumberProperty("flaps", n.flaps());
            gen.writeStringProperty("startsAt", JsonStyle.isoSecond(n.startsAt()));
            if (!n.firing()) {
                gen.writeStringProperty("endsAt", JsonStyle.isoSecond(n.endsAt()));
            }
            number(gen, "avg2m", n.alert().avg2m());
            number(gen, "lifetimeRate", n.alert().lifetimeRate());
            number(gen, "threshold", n.alert().threshold());
            gen.writeStringProperty("rule", n.alert().rule().displayName());
            if (n.alert().name() != null) {
                gen.writeStringProperty("name", TextSafety.withPairedSurrogates(n.alert().name()));
                if (Double.isFinite(n.alert().value())) {
                    gen.writeNumberProperty("value", n.alert().value());
                }
            }
            gen.writeStringProperty("message", TextSafety.withPairedSurrogates(n.alert().message()));
            gen.writeObjectPropertyStart("monitor");
            gen.writeStringProperty("host", TextSafety.withPairedSurrogates(n.monitorHost()));
            gen.writeArrayPropertyStart("sources");
            for (final String s : n.sources()) {
                gen.writeString(TextSafety.withPairedSurrogates(s));
            }
            gen.writeEndArray();
            gen.writeEndObject();
            gen.writeArrayPropertyStart("topSections");
            for (final SectionCount s : n.sections()) {
                gen.writeStartObject();
                gen.writeStringProperty("section", TextSafety.withPairedSurrogates(s.section()));
                gen.writeNumberProperty("hits", s.hits());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeArrayPropertyStart("topHosts");
            for (final HostCount h : n.hosts()) {
                gen.writeStartObject();
                gen.writeStringProperty("host", TextSafety.withPairedSurrogates(h.host()));
                gen.writeNumberProperty("bytes", h.bytes());
                gen.writeNumberProperty("hits", h.hits());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeStringProperty("text", TextSafety.withPairedSurrogates(AlertText.summary(n)));
            gen.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private static void number(final JsonGenerator gen, final String name, final double value) {
        if (Double.isFinite(value)) {
            gen.writeNumberProperty(name, JsonStyle.round2(value));
        } else {
            gen.writeNullProperty(name);
        }
    }
}
