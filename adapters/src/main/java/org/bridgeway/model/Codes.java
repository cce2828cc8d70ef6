package org.bridgeway.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reading a code into its enum constant, in one place for the coded values of the missing-children exchanges. */
final class Codes {
    private Codes() {
    }

    /**
     * The constant whose code is {@code text} (any case, surrounding spaces ignored).
     *
     * @throws InvalidValueException with {@code rule} and a message listing the codes, never repeating the text
     */
    static <E extends Enum<E>> E parse(E[] values, Function<E, String> code, String text, String rule, String what) {
        String wanted = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        for (E e : values) {
            if (code.apply(e).equals(wanted)) {
                return e;
            }
        }
        throw new InvalidValueException(rule, what + " must be one of "
                + Arrays.stream(values).map(code).collect(Collectors.joining(", ")));
    }

    static <E extends Enum<E>> E parse(E[] values, String text, String rule, String what) {
        return parse(values, Enum::name, text, rule, what);
    }
}
