package dev.logmon.fleet.lines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logmon.core.state.CheckpointGate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Counted offsets wait for their frames' acknowledgement before they may be committed. */
class GatedOffsetsTest {
    /** A gate whose marks pass up to {@code acked}, and never from {@code lostAt} on. */
    private static final class Acks implements CheckpointGate {
        long offered;
        long acked;
        long lostAt = Long.MAX_VALUE;

        @Override
        public long mark() {
            return offered;
        }

        @Override
        public boolean passed(final long mark) {
            return mark <= acked && mark < lostAt;
        }
    }

    private static CountedOffsets at(final long offset) {
        return new CountedOffsets(Map.of(0, new CountedOffsets.Counted(0, offset)));
    }

    @Test
    void shouldMakeOffsetsCommittableOnlyOnceTheirFramesAreAcknowledged() {
        final Acks acks = new Acks();
        final GatedOffsets gated = new GatedOffsets(acks);
        assertThat(gated.committable()).isSameAs(CountedOffsets.NONE);
        final CountedOffsets a = at(100);
        final CountedOffsets b = at(250);
        final CountedOffsets c = at(400);
        acks.offered = 3;
        gated.offer(a, 3);
        acks.offered = 5;
        gated.offer(b, 5);
        acks.offered = 6;
        gated.offer(c, 6);
        assertThat(gated.committable()).as("nothing acknowledged").isSameAs(CountedOffsets.NONE);
        assertThat(gated.waiting()).isEqualTo(3);
        acks.acked = 4;
        assertThat(gated.committable()).as("frames 1-4: the tick at mark 3").isSameAs(a);
        acks.acked = 6;
        assertThat(gated.committable()).as("the newest whose frames are acknowledged").isSameAs(c);
        assertThat(gated.allPassed()).isTrue();
        assertThat(gated.waiting()).isZero();
        assertThat(gated.committable()).as("stays").isSameAs(c);
    }

    @Test
    void shouldHoldCommitsBeforeALostFrameForGood() {
        final Acks acks = new Acks();
        final GatedOffsets gated = new GatedOffsets(acks);
        final CountedOffsets a = at(100);
        final CountedOffsets b = at(200);
        final CountedOffsets c = at(300);
        gated.offer(a, 2);
        gated.offer(b, 4);
        gated.offer(c, 6);
        acks.lostAt = 3;
        acks.acked = 6;
        assertThat(gated.committable()).as("only the offsets whose frames all arrived").isSameAs(a);
        assertThat(gated.allPassed()).isFalse();
        acks.acked = 100;
        assertThat(gated.committable()).isSameAs(a);
    }

    @Test
    void shouldOfferUnchangedOffsetsOnceAndKeepTheWaitingBounded() {
        final Acks acks = new Acks();
        final GatedOffsets gated = new GatedOffsets(acks);
        final CountedOffsets a = at(10);
        gated.offer(a, 1);
        gated.offer(a, 2);
        assertThat(gated.waiting()).as("the same offsets again: the earlier mark covers them").isEqualTo(1);
        for (int i = 0; i < GatedOffsets.MAX_WAITING * 2; i++) {
            gated.offer(at(20 + i), 3 + i);
        }
        assertThat(gated.waiting()).isEqualTo(GatedOffsets.MAX_WAITING);
        acks.acked = Long.MAX_VALUE;
        final CountedOffsets kept = gated.committable();
        assertThat(kept.byPartition().get(0).offset()).as("the newest kept").isEqualTo(20 + GatedOffsets.MAX_WAITING - 2);
        final CountedOffsets later = at(99_999);
        gated.offer(later, Long.MAX_VALUE - 1);
        assertThat(gated.committable()).as("room again: a later tick's offsets are offered").isSameAs(later);
    }
}
