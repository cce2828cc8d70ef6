package org.bridgeway.cli;

/**
 * A command could not do its work for a reason its user can fix: {@link CommandFailures} prints it as one line,
 * {@code bridgeway <command>: <what> — <fix>}, and the command exits 1.
 */
public final class CommandFailure extends RuntimeException {
    private final String fix;

    public CommandFailure(String what, String fix) {
        super(what);
        this.fix = fix;
    }

    public CommandFailure(String what, String fix, Throwable cause) {
        super(what, cause);
        this.fix = fix;
    }

    /** What the user can do about it. */
    public String fix() {
        return fix;
    }
}
