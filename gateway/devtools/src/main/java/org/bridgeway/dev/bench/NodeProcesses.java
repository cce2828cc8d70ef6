package org.bridgeway.dev.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The processes of {@link NodesBenchCommand}: the two brokers of the pair and the gateway nodes, each this launcher in
 * a JVM of its own with its log in the work folder, and how much CPU each kind has used (nodes, brokers, and the
 * PostgreSQL server's processes).
 */
final class NodeProcesses implements AutoCloseable {
    private final Path launcher;
    private final Path work;
    private final Map<String, String> environment;
    private final List<Process> brokers = new ArrayList<>();
    private final List<Integer> brokerManagementPorts = new ArrayList<>();
    private final List<Process> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    NodeProcesses(Path launcher, Path work, Map<String, String> environment) {
        this.launcher = launcher;
        this.work = work;
        this.environment = environment;
    }

    void broker(String role, int port, int peer) throws IOException {
        int management = freePort();
        brokerManagementPorts.add(management);
        brokers.add(start("broker-" + role, List.of("-Xmx512m"), List.of("broker", "--role", role,
                "--data", work.resolve("broker-" + role).toString(), "--bind", "127.0.0.1:" + port,
                "--advertise", "127.0.0.1:" + port, "--peer", "127.0.0.1:" + peer,
                "--management-port", Integer.toString(management), "--log-format", "text")));
    }

    void awaitBrokers(Duration patience) throws InterruptedException {
        for (int i = 0; i < brokers.size(); i++) {
            awaitReady(brokers.get(i), brokerManagementPorts.get(i), patience, "a broker");
        }
    }

    /** Starts a node and returns its API's base once it is ready. */
    URI node(String name, String database, String brokerUrl, Duration patience)
            throws IOException, InterruptedException {
        int port = freePort();
        int management = freePort();
        Process node = start("node-" + name, List.of("-Xmx1g"), List.of("serve", "--insecure-http",
                "--data", work.resolve("node-" + name).toString(), "--port", Integer.toString(port),
                "--management-port", Integer.toString(management), "--database-url", database,
                "--database-user", "postgres", "--broker-url", brokerUrl, "--keys", work.resolve("keys").toString(),
                "--log-format", "text", "--warm-up-seconds", "0")); // the bench warms the nodes with its own traffic
        nodes.add(node);
        awaitReady(node, management, patience, "node " + name);
        return URI.create("http://127.0.0.1:" + port);
    }

    private Process start(String name, List<String> jvm, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.add("-jar");
        command.add(launcher.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private void awaitReady(Process process, int managementPort, Duration patience, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(what + (process.isAlive() ? " was not ready within " + patience.toSeconds()
                + " s" : " exited") + "; see its log in " + work);
    }

    /** CPU seconds used so far by each kind of process, and by the whole machine. */
    record CpuReading(double nodes, double brokers, double postgres, double machine) {
        CpuPerNotice since(CpuReading before, int notices) {
            double n = Math.max(1, notices) / 1000.0;
            return new CpuPerNotice((nodes - before.nodes) / n, (brokers - before.brokers) / n,
                    (postgres - before.postgres) / n, (machine - before.machine) / n);
        }
    }

    /** Milliseconds of CPU per notice. */
    record CpuPerNotice(double nodesMs, double brokersMs, double postgresMs, double machineMs) {
    }

    CpuReading cpu() {
        double postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/bin/postgres")).orElse(false))
                .mapToDouble(NodeProcesses::cpuSeconds).sum();
        double machine = MachineLoad.now().map(MachineLoad.Counters::busy).orElse(Double.NaN);
        return new CpuReading(sum(nodes), sum(brokers), postgres, machine);
    }

    private static double sum(List<Process> processes) {
        return processes.stream().mapToDouble(p -> cpuSeconds(p.toHandle())).sum();
    }

    private static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Process p : nodes) {
            p.destroy();
        }
        for (Process p : brokers) {
            p.destroy();
        }
        for (Process p : List.copyOf(nodes)) {
            awaitExit(p);
        }
        for (Process p : List.copyOf(brokers)) {
            awaitExit(p);
        }
    }

    private static void awaitExit(Process p) {
        try {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }
}
