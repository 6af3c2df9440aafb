package org.postern.transport.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueIdTest {

    @Test
    void textIsThirteenBase32CharactersAndRoundTrips() {
        QueueId id = new QueueId((Instant.parse("2026-11-28T01:00:00Z").toEpochMilli() << 20) + 5);
        assertThat(id.toString()).hasSize(13).matches("[0-9A-HJKMNP-TV-Z]{13}");
        assertThat(QueueId.parse(id.toString())).isEqualTo(id);
        assertThat(QueueId.parse(id.toString().toLowerCase())).isEqualTo(id);
        assertThat(new QueueId(Long.MAX_VALUE).toString()).isEqualTo("7ZZZZZZZZZZZZ");
        assertThat(QueueId.parse("7ZZZZZZZZZZZZ").value()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void badTextIsRefused() {
        assertThatThrownBy(() -> QueueId.parse("123")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueueId.parse("000000000000U")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueueId.parse("8000000000000")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsGrowAndSortAsTextEvenWhenTheClockStandsStillOrGoesBack() {
        Clock still = Clock.fixed(Instant.parse("2026-11-28T01:00:00Z"), ZoneOffset.UTC);
        QueueIdGenerator g = new QueueIdGenerator(still, 0);
        List<QueueId> made = new ArrayList<>();
        for (int i = 0; i < 2_000_000; i++) {
            made.add(g.next());
        }
        for (int i = 1; i < made.size(); i++) {
            assertThat(made.get(i).compareTo(made.get(i - 1))).isPositive();
        }
        assertThat(made.get(made.size() - 1).toString()).isGreaterThan(made.get(0).toString());

        Clock earlier = Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);
        QueueIdGenerator after = new QueueIdGenerator(earlier, made.get(made.size() - 1).value());
        assertThat(after.next()).isGreaterThan(made.get(made.size() - 1));
    }
}
