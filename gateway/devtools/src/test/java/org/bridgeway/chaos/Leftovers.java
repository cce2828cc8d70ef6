package org.bridgeway.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the suite starts or mounts and must not leave behind, whatever way the test JVM ends: gateway and PostgreSQL
 * processes (with their children) are killed, mounts are detached. The suite cleans up in its own finally blocks;
 * this is the JVM shutdown hook behind them, for a run interrupted or timed out by the build.
 */
final class Leftovers {
    private static final List<ProcessHandle> PROCESSES = new ArrayList<>();
    private static final List<Path> MOUNTS = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Leftovers::cleanUp, "chaos-leftovers"));
    }

    private Leftovers() {
    }

    static synchronized void register(ProcessHandle process) {
        PROCESSES.add(process);
    }

    static synchronized void registerMount(Path mountPoint) {
        MOUNTS.add(mountPoint);
    }

    static synchronized void forgetMount(Path mountPoint) {
        MOUNTS.remove(mountPoint);
    }

    /** SIGKILL to a process and every descendant it still has (a killed parent cannot reap them). */
    static void killTree(ProcessHandle process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Detaches a mount, lazily if a process still holds it; true when it is gone. */
    static boolean unmount(Path mountPoint) {
        return run("umount", mountPoint.toString()) || run("umount", "-l", mountPoint.toString());
    }

    static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static synchronized void cleanUp() {
        PROCESSES.stream().filter(ProcessHandle::isAlive).forEach(Leftovers::killTree);
        MOUNTS.forEach(Leftovers::unmount);
    }

    /** Deletes a folder of an earlier run and everything in it. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
