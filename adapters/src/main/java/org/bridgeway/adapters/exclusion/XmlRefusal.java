package org.bridgeway.adapters.exclusion;

/** Why a whole XML document is not used. The message never quotes the document. */
final class XmlRefusal extends Exception {
    private final String rule;
    private final int line;

    XmlRefusal(String rule, String message, int line) {
        super(message, null, false, false);
        this.rule = rule;
        this.line = line;
    }

    String rule() {
        return rule;
    }

    int line() {
        return line;
    }
}
