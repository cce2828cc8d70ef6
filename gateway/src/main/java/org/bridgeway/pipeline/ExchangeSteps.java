package org.bridgeway.pipeline;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bridgeway.model.ExchangeType;

/**
 * The pipeline's exchange-specific stage: runs, in order, the {@link ExchangeStep}s the notice's exchange type
 * declared in its registration, and nothing for a type that declared none. The steps are named beans, looked up
 * once when the gateway is built, so that a misspelt or missing step stops the start instead of the first notice.
 */
public final class ExchangeSteps {
    private final Exchanges exchanges;
    private final Map<ExchangeType, List<ExchangeStep>> steps = new EnumMap<>(ExchangeType.class);

    /**
     * @param beans the bean bound under a name, or null when there is none
     * @throws IllegalStateException when a declared step is not bound, or is not an {@link ExchangeStep}
     */
    public ExchangeSteps(Exchanges exchanges, Function<String, Object> beans) {
        this.exchanges = exchanges;
        for (ExchangeRegistration registration : exchanges.all()) {
            List<ExchangeStep> resolved = new ArrayList<>();
            for (String name : registration.steps()) {
                Object bean = beans.apply(name);
                if (!(bean instanceof ExchangeStep step)) {
                    throw new IllegalStateException(registration.type().slug() + " declares the step '" + name
                            + "', but " + (bean == null ? "no bean has that name"
                            : "that bean is a " + bean.getClass().getName() + ", not an ExchangeStep"));
                }
                resolved.add(step);
            }
            steps.put(registration.type(), List.copyOf(resolved));
        }
    }

    public Dispatch run(Dispatch dispatch) {
        ExchangeType type = exchanges.of(dispatch.notice().exchangeType()).type(); // refuses a type not carried
        Dispatch current = dispatch;
        for (ExchangeStep step : steps.get(type)) {
            current = step.apply(current);
        }
        return current;
    }
}
