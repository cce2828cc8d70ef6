package org.bridgeway.fault;

import java.util.Map;
import java.util.Objects;
import org.bridgeway.audit.AppendRefusedException;

/**
 * A notice refused by a named rule after it was admitted, by what the gateway already holds rather than by its own
 * content: a second report of an episode already reported ({@code episode.duplicate-report}, 409), an update of a
 * closed episode ({@code episode.closed}, 409), an update from an organisation that is not a party to the episode
 * (403). Nothing of the notice was stored or sent. Thrown by a pipeline step before the audit append, or by the rows
 * it writes alongside the append (a concurrent update of the same episode), which refuses the whole append; an API
 * endpoint answers it by its status with the rule ({@link Fault.Refused}), a batch reports it on the notice's row.
 *
 * @param status  the HTTP status that says what kind of refusal it is: 400, 403 or 409
 * @param details identifiers only (an existing episode id), never a submitted value
 */
public class RuleRefused extends AppendRefusedException {
    private final int status;
    private final String rule;
    private final Map<String, String> details;

    public RuleRefused(int status, String rule, String message, Map<String, String> details) {
        super(message);
        if (status != 400 && status != 403 && status != 409) {
            throw new IllegalArgumentException("a rule refuses with 400, 403 or 409, not " + status);
        }
        this.status = status;
        this.rule = Objects.requireNonNull(rule, "rule");
        this.details = Map.copyOf(details);
    }

    public RuleRefused(int status, String rule, String message) {
        this(status, rule, message, Map.of());
    }

    public int status() {
        return status;
    }

    public String rule() {
        return rule;
    }

    public Map<String, String> details() {
        return details;
    }
}
