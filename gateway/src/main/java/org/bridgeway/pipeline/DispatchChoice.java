package org.bridgeway.pipeline;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The notice pipeline's choices on the notice's {@link Dispatch}, each bound under its name for the route's
 * {@code ref} expressions. Plain Java rather than the simple language's {@code ${body.duplicate}}: Camel evaluates
 * that by introspecting the body as a bean anew for every notice, and looks the body up in its bean-info cache by
 * value first, hashing the whole record (the notice, every disclosure and its rendered message) three times a
 * notice: 1.5% of the bench's samples ({@code docs/benchmarks.md}).
 */
public enum DispatchChoice implements Predicate {
    /** Admission found the notice accepted before: it keeps its first exchange id and is not sent again. */
    DUPLICATE("duplicateNotice", Dispatch::duplicate),
    /** A step held the notice until something it waits for comes. */
    HELD("heldNotice", Dispatch::held),
    /** Its acceptance was refused because a step decided from rows changed meanwhile: it goes through again. */
    OUTDATED("outdatedNotice", Dispatch::outdated);

    private final String beanName;
    private final java.util.function.Predicate<Dispatch> test;

    DispatchChoice(String beanName, java.util.function.Predicate<Dispatch> test) {
        this.beanName = beanName;
        this.test = test;
    }

    /** The name the route refers to it by. */
    public String beanName() {
        return beanName;
    }

    @Override
    public boolean matches(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof Dispatch dispatch)) {
            throw new IllegalStateException("the notice pipeline's choice " + beanName
                    + " is made on a Dispatch, not on " + (body == null ? "no body" : body.getClass().getName()));
        }
        return test.test(dispatch);
    }
}
