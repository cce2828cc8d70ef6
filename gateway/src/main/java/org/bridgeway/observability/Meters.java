package org.bridgeway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.bridgeway.model.ExchangeType;

/**
 * How the gateway's components make their meters. Meters tagged by exchange type ({@code exchange}, the type's
 * slug) are registered one per type up front: counting a notice on the governed path is a map read and an add, with
 * no allocation, and every series exists (at 0) from the start, so dashboards and alerts see a type before its first
 * notice. Latencies are histograms with fixed buckets (cheap to record, aggregatable across nodes).
 */
public final class Meters {
    /** The tag every per-exchange meter carries: an exchange type's slug, never anything of the notice. */
    public static final String EXCHANGE = "exchange";
    /**
     * Bucket bounds of the latency histograms: from a notice decided and stored in a few milliseconds to one that
     * waited on retries of an unavailable database.
     */
    static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30)};

    private Meters() {
    }

    /** A registry that keeps nothing, for components built without one (most unit tests). */
    public static MeterRegistry none() {
        return new CompositeMeterRegistry();
    }

    /** One counter per exchange type. */
    public static Map<ExchangeType, Counter> counters(MeterRegistry registry, String name, String description,
                                                      Tags tags) {
        Map<ExchangeType, Counter> counters = new EnumMap<>(ExchangeType.class);
        for (ExchangeType type : ExchangeType.values()) {
            counters.put(type, Counter.builder(name).description(description).tags(tags)
                    .tag(EXCHANGE, type.slug()).register(registry));
        }
        return counters;
    }

    /** One latency histogram per exchange type, with the buckets above. */
    public static Map<ExchangeType, Timer> latencies(MeterRegistry registry, String name, String description) {
        Map<ExchangeType, Timer> timers = new EnumMap<>(ExchangeType.class);
        for (ExchangeType type : ExchangeType.values()) {
            timers.put(type, Timer.builder(name).description(description).tag(EXCHANGE, type.slug())
                    .serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
        }
        return timers;
    }

    /** A latency histogram with the buckets above. */
    public static Timer latency(MeterRegistry registry, String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }
}
