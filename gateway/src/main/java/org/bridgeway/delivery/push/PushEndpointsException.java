package org.bridgeway.delivery.push;

import java.util.List;

/** The push delivery configuration is not usable; the message names the file and every field at fault. */
public final class PushEndpointsException extends RuntimeException {
    private final List<String> problems;

    public PushEndpointsException(String file, List<String> problems) {
        super(file + " is not valid:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
