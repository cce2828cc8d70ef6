package org.bridgeway.delivery;

import java.util.Objects;
import java.util.function.Function;

/**
 * The user and password of an external Artemis broker pair, the same on the gateway nodes (its clients) and on the
 * brokers (which check them, and use them for their own replication link). Read from the environment when a
 * connection is made, never from a command line (where {@code ps} shows it) or a URL; {@link #toString()} is
 * redacted, so a configuration that reaches a log line does not carry the password.
 */
public final class BrokerCredentials {
    public static final String USER_VARIABLE = "BRIDGEWAY_BROKER_USER";
    public static final String PASSWORD_VARIABLE = "BRIDGEWAY_BROKER_PASSWORD";
    public static final String DEFAULT_USER = "bridgeway";

    private final Function<String, String> environment;

    private BrokerCredentials(Function<String, String> environment) {
        this.environment = environment;
    }

    /** {@value #USER_VARIABLE} (default {@value #DEFAULT_USER}) and {@value #PASSWORD_VARIABLE}. */
    public static BrokerCredentials fromEnvironment() {
        return new BrokerCredentials(System::getenv);
    }

    /** The same variables, read from {@code environment} (a test's, or a child process's). */
    public static BrokerCredentials from(Function<String, String> environment) {
        return new BrokerCredentials(Objects.requireNonNull(environment, "environment"));
    }

    public String user() {
        String user = environment.apply(USER_VARIABLE);
        return user == null || user.isBlank() ? DEFAULT_USER : user;
    }

    /**
     * The password; a broker pair is never run or reached without one.
     *
     * @throws IllegalStateException naming the variable to set, when it is unset or blank
     */
    public String password() {
        String password = environment.apply(PASSWORD_VARIABLE);
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("no broker password: set " + PASSWORD_VARIABLE
                    + " (the same on every gateway node and both brokers)");
        }
        return password;
    }

    @Override
    public String toString() {
        return "BrokerCredentials[" + user() + ", password from " + PASSWORD_VARIABLE + "]";
    }
}
