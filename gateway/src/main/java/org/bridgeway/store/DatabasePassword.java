package org.bridgeway.store;

import java.util.Objects;

/**
 * The password of an external database. It is given in code or read from {@value #ENVIRONMENT_VARIABLE} when the
 * database is opened, never from a command line (where {@code ps} shows it), and its {@link #toString()} is
 * redacted so that a configuration that reaches a log line or an exception message does not carry it.
 */
public final class DatabasePassword {
    public static final String ENVIRONMENT_VARIABLE = "BRIDGEWAY_DB_PASSWORD";
    private static final DatabasePassword FROM_ENVIRONMENT = new DatabasePassword(null);

    /** Null: read the environment variable when asked, so that the secret is not copied into the configuration. */
    private final String value;

    private DatabasePassword(String value) {
        this.value = value;
    }

    public static DatabasePassword of(String password) {
        return new DatabasePassword(Objects.requireNonNull(password, "password"));
    }

    /** {@value #ENVIRONMENT_VARIABLE}, read when the database is opened; none when it is unset. */
    public static DatabasePassword fromEnvironment() {
        return FROM_ENVIRONMENT;
    }

    /** The password, or null when none is configured (the server may not ask for one). */
    public String reveal() {
        return value != null ? value : System.getenv(ENVIRONMENT_VARIABLE);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatabasePassword p && Objects.equals(value, p.value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return value == null ? "DatabasePassword[from " + ENVIRONMENT_VARIABLE + "]" : "DatabasePassword[redacted]";
    }
}
