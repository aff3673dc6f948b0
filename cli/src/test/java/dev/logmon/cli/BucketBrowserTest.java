package dev.logmon.cli;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.logmon.core.format.MalformedReason;
import dev.logmon.core.snapshot.AlertStatus;
import dev.logmon.core.snapshot.LineCounts;
import dev.logmon.core.snapshot.Snapshot;
import dev.logmon.core.snapshot.StatusCounts;
import dev.logmon.core.snapshot.WindowView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BucketBrowserTest {
    private static final long T0 = 1_767_225_600L; // 2026-01-01T00:00:00Z

    private static Snapshot bucket(final int i) {
        final WindowView w = new WindowView(300, i, i / 300.0, i * 10L, new StatusCounts(0, i, 0, 0, 0, 0),
                List.of(), List.of(), 0, 0, 0, 0);
        return new Snapshot(T0 + 300L * (i + 1) - 1, false, new LineCounts(i, i, 0, Map.of(MalformedReason.EMPTY, 0L), 0, 0), w, w, w,
                new AlertStatus(false, 0, null, 0, 0), 0, List.of(), List.of());
    }

    private static BucketBrowser browser(final int buckets) {
        final BucketBrowser b = new BucketBrowser();
        for (int i = 0; i < buckets; i++) {
            b.add(bucket(i));
        }
        b.finish();
        return b;
    }

    @Test
    void shouldOpenOnTheLastBucketAndStepWithArrowsAndBracketsWithinTheRange() {
        final BucketBrowser b = browser(3);

        assertThat(b.current().lines().read()).isEqualTo(2);
        assertThat(b.banner()).isEqualTo("history: bucket 3 of 3 (300 s)  \u2190 \u2192 step");
        assertThat(b.current().second()).isEqualTo(T0 + 899);
        assertThat(b.step(new KeyStroke(KeyType.ArrowRight))).as("already the last").isFalse();
        assertThat(b.step(new KeyStroke(KeyType.ArrowLeft))).isTrue();
        assertThat(b.current().lines().read()).isEqualTo(1);
        assertThat(b.step(new KeyStroke('[', false, false))).isTrue();
        assertThat(b.current().lines().read()).isZero();
        assertThat(b.banner()).startsWith("history: bucket 1 of 3 (300 s)");
        assertThat(b.step(new KeyStroke(KeyType.ArrowLeft))).as("already the first").isFalse();
        assertThat(b.step(new KeyStroke(']', false, false))).isTrue();
        assertThat(b.current().lines().read()).isEqualTo(1);
        assertThat(b.step(new KeyStroke('x', false, false))).isFalse();
        assertThat(b.step(new KeyStroke(KeyType.ArrowUp))).isFalse();
        assertThat(b.current().lines().read()).isEqualTo(1);
    }

    @Test
    void shouldKeepOnlyTheNewestBucketsAndSaySoInTheBanner() {
        final BucketBrowser b = browser(BucketBrowser.MAX_BUCKETS + 2);

        assertThat(b.size()).isEqualTo(BucketBrowser.MAX_BUCKETS);
        assertThat(b.current().lines().read()).isEqualTo(BucketBrowser.MAX_BUCKETS + 1);
        assertThat(b.banner()).contains("bucket 10080 of 10080").contains(", 2 older not kept");
        for (int i = 0; i < BucketBrowser.MAX_BUCKETS; i++) {
            b.step(new KeyStroke(KeyType.ArrowLeft));
        }
        assertThat(b.current().lines().read()).as("the oldest kept").isEqualTo(2);
    }
}
