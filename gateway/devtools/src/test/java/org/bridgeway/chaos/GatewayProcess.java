package org.bridgeway.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bridgeway.testing.GatewayFixture;

/**
 * The packaged gateway, {@code java -jar gateway/target/bridgeway-gateway.jar serve}, as a separate operating-system
 * process, so that the suite can kill it as an operator's platform would: SIGKILL ({@link #kill()}) or SIGTERM
 * ({@link #terminate}). Its output goes to a log file per start (personal data is never logged, so it can be kept).
 * Every process ever started is registered with {@link Leftovers}, so none outlives the test JVM.
 */
final class GatewayProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logDirectory;
    private final int port;
    private Process process;
    private int starts;

    /**
     * @param serveArguments what follows {@code serve}, e.g. {@code --data DIR --port P --tls-dir PKI}
     * @param wrapper        prefix of the command line (e.g. a user-namespace launcher), or empty
     * @param jvmOptions     options of the gateway's JVM
     */
    GatewayProcess(List<String> wrapper, List<String> jvmOptions, List<String> serveArguments,
                   Map<String, String> environment, Path logDirectory, int port) {
        // without the rehearsal at start: a restarted gateway's recovery is measured from the moment it listens, and
        // a minute of synthetic notices beside the suite's load would measure the rehearsal instead
        this("gateway", wrapper, jvmOptions, List.of("serve", "--warm-up-seconds", "0"), serveArguments, environment,
                logDirectory, port);
    }

    /**
     * The packaged jar running another of its commands, e.g. {@code broker}: {@code name} names its log files, and
     * {@code port} is the one it listens on once started.
     */
    static GatewayProcess command(String name, List<String> jvmOptions, String command, List<String> arguments,
                                  Map<String, String> environment, Path logDirectory, int port) {
        return new GatewayProcess(name, List.of(), jvmOptions, List.of(command), arguments, environment, logDirectory,
                port);
    }

    private GatewayProcess(String name, List<String> wrapper, List<String> jvmOptions, List<String> command,
                           List<String> arguments, Map<String, String> environment, Path logDirectory, int port) {
        this.name = name;
        Path root = GatewayFixture.projectRoot();
        Path jar = root.resolve("gateway").resolve("target").resolve("bridgeway-gateway.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the chaos suite runs the packaged gateway "
                    + "(mvn verify packages it before the integration tests)");
        }
        List<String> c = new ArrayList<>(wrapper);
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(jvmOptions);
        c.add("-jar");
        c.add(jar.toString());
        c.addAll(command);
        c.addAll(arguments);
        this.command = List.copyOf(c);
        this.environment = Map.copyOf(environment);
        this.logDirectory = logDirectory;
        this.port = port;
    }

    int port() {
        return port;
    }

    /** Starts the gateway and returns once its API port accepts connections; fails after {@link #START_TIMEOUT}. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the gateway is already running (pid " + process.pid() + ")");
        }
        starts++;
        Path log = logDirectory.resolve(name + "-" + starts + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(GatewayFixture.projectRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        // said outright, since entering a mount namespace (the small filesystem's fallback) resets the directory
        builder.environment().put("BRIDGEWAY_HOME", GatewayFixture.projectRoot().toString());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        Leftovers.register(process.toHandle());
    }

    /** Runs a command that ends by itself (e.g. {@code audit verify}) and returns its exit code; -1 if it ran out of time. */
    int runToEnd(Duration patience) {
        start();
        Process p;
        synchronized (this) {
            p = process;
        }
        if (!waitFor(p, patience)) {
            kill();
            return -1;
        }
        return p.exitValue();
    }

    /** Waits until the API port accepts a connection; false if the process died or the time ran out. */
    boolean awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Process p;
            synchronized (this) {
                p = process;
            }
            if (p == null || !p.isAlive()) {
                return false;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                Pause.of(Duration.ofMillis(100));
            }
        }
        return false;
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed. Waits until the process is gone. */
    void kill() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p != null) {
            p.destroyForcibly();
            waitFor(p, Duration.ofSeconds(30));
        }
    }

    /** SIGTERM: the gateway drains in-flight exchanges and exits. True if it exited within {@code patience}. */
    boolean terminate(Duration patience) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return true;
        }
        p.destroy();
        return waitFor(p, patience);
    }

    /** The newest start's log file, for a failure message. */
    Path latestLog() {
        return logDirectory.resolve(name + "-" + starts + ".log");
    }

    int starts() {
        return starts;
    }

    @Override
    public void close() {
        kill();
    }

    private static boolean waitFor(Process p, Duration patience) {
        try {
            return p.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
