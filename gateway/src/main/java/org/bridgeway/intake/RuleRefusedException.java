package org.bridgeway.intake;

/**
 * An input refused whole by a named rule ({@code zip.entry-name.folder}, ...): the rule goes into the answer so a
 * sender's system can act on it; the message says what to correct without repeating what was sent.
 */
public class RuleRefusedException extends MalformedInputException {
    private final String rule;

    public RuleRefusedException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
