package org.bridgeway.dev.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.bridgeway.dev.bench.CpuByThread.Reading;
import org.bridgeway.dev.bench.CpuByThread.Role;
import org.bridgeway.warmup.ThreadClocks.ThreadClock;
import org.junit.jupiter.api.Test;

class CpuByThreadTest {

    @Test
    void eachThreadIsKnownByTheNameTheKernelKeeps() {
        assertThat(Role.of("bench-submitter")).isEqualTo(Role.SUBMITTERS);
        assertThat(Role.of("audit-writer")).isEqualTo(Role.AUDIT_WRITER);
        assertThat(Role.of("audit-head-sign")).isEqualTo(Role.AUDIT_WRITER);
        assertThat(Role.of("H2-serializatio")).isEqualTo(Role.DATABASE);
        assertThat(Role.of("MVStore backgro")).isEqualTo(Role.DATABASE);
        assertThat(Role.of("commit-journal-")).isEqualTo(Role.DATABASE);
        assertThat(Role.of("Thread-12 (acti")).isEqualTo(Role.BROKER);
        assertThat(Role.of("activemq-buffer")).isEqualTo(Role.BROKER);
        assertThat(Role.of("mailbox-relay")).isEqualTo(Role.BROKER);
        assertThat(Role.of("C2 CompilerThre")).isEqualTo(Role.JIT);
        assertThat(Role.of("GC Thread#1")).isEqualTo(Role.GC);
        assertThat(Role.of("G1 Conc#0")).isEqualTo(Role.GC);
        assertThat(Role.of("VM Thread")).isEqualTo(Role.GC);
        assertThat(Role.of("pool-3-thread-1")).isEqualTo(Role.OTHER);
    }

    @Test
    void aRunCountsWhatEachThreadSpentInItAndWhatEndedThreadsSpentAsOther() {
        Reading before = new Reading(Map.of(
                "1@10", new ThreadClock("1@10", "audit-writer", 500),
                "2@10", new ThreadClock("2@10", "C2 CompilerThre", 900),
                "3@10", new ThreadClock("3@10", "mailbox-relay", 40)));
        Reading after = new Reading(Map.of(
                "1@10", new ThreadClock("1@10", "audit-writer", 800),
                "2@10", new ThreadClock("2@10", "C2 CompilerThre", 950),
                "4@20", new ThreadClock("4@20", "bench-submitter", 120),
                "5@21", new ThreadClock("5@21", "bench-submitter", 130),
                // the kernel reused thread 3's id for a thread that started later: a thread of its own
                "3@30", new ThreadClock("3@30", "mailbox-relay", 10)));

        Map<Role, Double> spent = before.until(after, 700);

        assertThat(spent).containsEntry(Role.AUDIT_WRITER, 300.0).containsEntry(Role.JIT, 50.0)
                .containsEntry(Role.SUBMITTERS, 250.0).containsEntry(Role.BROKER, 10.0)
                .containsEntry(Role.DATABASE, 0.0).containsEntry(Role.GC, 0.0)
                .as("the process's 700 ms less the 610 its live threads' clocks show").containsEntry(Role.OTHER, 90.0);
        assertThat(CpuByThread.describe(spent, "%.0f")).isEqualTo("submitters 250, audit writer 300, database 0, "
                + "broker and relay 10, JIT compiler 50, GC and VM 0, other threads 90");
    }
}
