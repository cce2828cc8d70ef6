package org.bridgeway.store;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Identifiers for exchanges, decisions and deliveries: UUID version 7 (RFC 9562), a millisecond timestamp then
 * random bits. Ids made one after another sort one after another, so the indexes that hold them grow at their
 * right edge instead of rewriting pages all over the tree — a random UUID dirties a different index page for
 * every row. They reveal only when an id was made, which the records carrying them say anyway.
 */
public final class TimeOrderedIds {
    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private TimeOrderedIds() {
    }

    public static String next() {
        return GENERATOR.generate().toString();
    }
}
