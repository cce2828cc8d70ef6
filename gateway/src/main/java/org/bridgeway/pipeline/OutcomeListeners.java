package org.bridgeway.pipeline;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Whoever wants to hear about outcomes (the demo's printer, tests) registers here. */
public final class OutcomeListeners {
    private final List<Consumer<Outcome>> listeners = new CopyOnWriteArrayList<>();

    public void add(Consumer<Outcome> listener) {
        listeners.add(listener);
    }


    public void publish(Outcome outcome) {
        listeners.forEach(l -> l.accept(outcome));
    }
}
