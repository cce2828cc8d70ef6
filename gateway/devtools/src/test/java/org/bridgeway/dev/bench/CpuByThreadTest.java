package org.bridgeway.dev.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.bridgeway.dev.bench.CpuByThread.Reading;
import org.bridgeway.dev.bench.CpuByThread.Role;
import org.bridgeway.testing.BusyThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class CpuByThreadTest {

    @Test
    void eachThreadIsKnownByItsName() {
        assertThat(Role.of("bench-submitter")).isEqualTo(Role.SUBMITTERS);
        assertThat(Role.of("audit-writer")).isEqualTo(Role.AUDIT_WRITER);
        assertThat(Role.of("audit-head-signer")).isEqualTo(Role.AUDIT_WRITER);
        assertThat(Role.of("H2-serialization")).isEqualTo(Role.DATABASE);
        assertThat(Role.of("MVStore background writer nio:/data/bridgeway.mv.db")).isEqualTo(Role.DATABASE);
        assertThat(Role.of("bridgeway-h2:connection-closer")).isEqualTo(Role.DATABASE);
        assertThat(Role.of("commit-journal-checkpoint")).isEqualTo(Role.DATABASE);
        assertThat(Role.of("Thread-12 (activemq-bridgeway-embedded)")).isEqualTo(Role.BROKER);
        assertThat(Role.of("activemq-buffer-timeout")).isEqualTo(Role.BROKER);
        assertThat(Role.of("mailbox-relay")).isEqualTo(Role.RELAY);
        // the JVM's own threads, by the 15 characters of their names the kernel keeps
        assertThat(Role.of("C2 CompilerThre")).isEqualTo(Role.JIT);
        assertThat(Role.of("GC Thread#1")).isEqualTo(Role.GC);
        assertThat(Role.of("G1 Conc#0")).isEqualTo(Role.GC);
        assertThat(Role.of("VM Thread")).isEqualTo(Role.GC);
        assertThat(Role.of("pool-3-thread-1")).isEqualTo(Role.OTHER);
    }

    @Test
    void aRunCountsWhatEachThreadSpentInItAndWhatEndedThreadsSpentAsOther() {
        Reading before = new Reading(Map.of(
                "java-1", clock("audit-writer", 500),
                "2@10", clock("C2 CompilerThre", 900),
                "java-3", clock("mailbox-relay", 40)));
        Reading after = new Reading(Map.of(
                "java-1", clock("audit-writer", 800),
                "2@10", clock("C2 CompilerThre", 950),
                "java-4", clock("bench-submitter", 120),
                "java-5", clock("bench-submitter", 130),
                // thread 3 ended; a thread that started later has the same name
                "java-6", clock("mailbox-relay", 10)));

        Map<Role, Double> spent = before.until(after, 700);

        assertThat(spent).containsEntry(Role.AUDIT_WRITER, 300.0).containsEntry(Role.JIT, 50.0)
                .containsEntry(Role.SUBMITTERS, 250.0).containsEntry(Role.RELAY, 10.0).containsEntry(Role.BROKER, 0.0)
                .containsEntry(Role.DATABASE, 0.0).containsEntry(Role.GC, 0.0)
                .as("the process's 700 ms less the 610 its live threads' clocks show").containsEntry(Role.OTHER, 90.0);
        assertThat(CpuByThread.describe(spent, "%.0f")).isEqualTo("submitters 250, audit writer 300, database 0, "
                + "broker 0, mailbox relay 10, JIT compiler 50, GC and VM 0, other threads 90");
    }

    @Test
    @EnabledOnOs(OS.LINUX) // the JVM's own threads' clocks are the kernel's, in /proc
    void theJavaThreadsAreReadToTheNanosecondAndTheJvmsOwnByTheKernel() throws Exception {
        Reading before = Reading.now().orElseThrow();
        // 3 ms: less than one of the kernel's ticks
        try (BusyThread submitter = BusyThread.spending(CpuByThread.SUBMITTER, 3_000_000L)) {
            Reading after = Reading.now().orElseThrow();

            assertThat(before.until(after, 1_000).get(Role.SUBMITTERS)).as("milliseconds, not ticks")
                    .isBetween(3.0, 5.0);
            assertThat(after.clocks().values()).as("the JIT compiler's threads, by the kernel's clocks")
                    .anyMatch(c -> Role.of(c.name()) == Role.JIT);
        }
    }

    private static CpuByThread.Clock clock(String name, long millis) {
        return new CpuByThread.Clock(name, millis * 1_000_000);
    }
}
