package org.bridgeway.handover.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How long a step took across handovers: how many were measured ({@code n}), the median and the 90th percentile, by
 * nearest rank (the value at rank ceil(p × n) of the sorted times: always a time that was measured). None when
 * nothing was measured.
 */
public record Times(int n, Optional<Duration> median, Optional<Duration> p90) {

    static Times of(List<Duration> measured) {
        List<Duration> sorted = new ArrayList<>(measured);
        sorted.sort(null);
        return new Times(sorted.size(), rank(sorted, 50), rank(sorted, 90));
    }

    private static Optional<Duration> rank(List<Duration> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Optional.empty();
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return Optional.of(sorted.get(Math.max(rank, 1) - 1));
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("n", n);
        json.put("median", median.map(Duration::toString).orElse(null));
        json.put("p90", p90.map(Duration::toString).orElse(null));
        return json;
    }

    String toText() {
        return n == 0 ? "n=0" : "median " + minutes(median.orElseThrow()) + ", 90th percentile "
                + minutes(p90.orElseThrow()) + " (n=" + n + ")";
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        return m >= 60 ? (m / 60) + "h" + String.format("%02d", m % 60) + "m" : m + "m";
    }
}
