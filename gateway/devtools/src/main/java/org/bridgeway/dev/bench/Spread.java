package org.bridgeway.dev.bench;

import java.util.List;

/** The least, middle and greatest of a figure over measured rounds: a shared machine's runs differ, so show how much. */
record Spread(double min, double median, double max) {

    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no rounds to spread");
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(sorted.get(0), median, sorted.get(n - 1));
    }

    /** "min / median / max" in {@code format} (a {@link String#format} pattern for one number). */
    String describe(String format) {
        return format.formatted(min) + " / " + format.formatted(median) + " / " + format.formatted(max);
    }
}
