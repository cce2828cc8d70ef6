package org.bridgeway.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bridgeway.testing.BusyThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Each thread's own CPU clock, by the name the kernel keeps for it. */
class ThreadClocksTest {
    @Test
    void aThreadsNameAndCpuAreReadFromItsStatLineWhateverTheNameHolds() {
        ThreadClocks.ThreadTicks c2 = ThreadClocks.ThreadTicks.parse(
                "4242 (C2 CompilerThre) S 1 4200 4200 0 -1 1077936192 918 0 0 0 1520 37 0 0 20 0 38 0 123 0 0");
        assertThat(c2.name()).isEqualTo("C2 CompilerThre");
        assertThat(c2.cpu()).isEqualTo(1557);
        assertThat(c2.started()).isEqualTo(123);

        ThreadClocks.ThreadTicks odd = ThreadClocks.ThreadTicks.parse(
                "17 (a) (b) c) R 1 17 17 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 9 0 0");
        assertThat(odd.name()).isEqualTo("a) (b) c");
        assertThat(odd.cpu()).isEqualTo(11);
        assertThat(odd.started()).isEqualTo(9);

        assertThatThrownBy(() -> ThreadClocks.ThreadTicks.parse("17 (short) R 1 2 3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fields after the name");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aThreadThatWorkedIsFoundByItsNameWithTheCpuItUsed() throws Exception {
        try (BusyThread worker = BusyThread.spending("clocks-test", 300_000_000L)) {
            long ownMillis = worker.cpuNanos() / 1_000_000;
            List<ThreadClocks.ThreadClock> clocks = ThreadClocks.read().orElseThrow();

            List<ThreadClocks.ThreadClock> named = clocks.stream().filter(c -> c.name().equals("clocks-test")).toList();
            assertThat(named).as("the worker, by the name the JVM gave its native thread").hasSize(1);
            assertThat(named.get(0).cpuMillis()).as("its own clock, within a tick of the JVM's count")
                    .isBetween(ownMillis - 20, ownMillis + 20);
            assertThat(clocks.stream().map(ThreadClocks.ThreadClock::key).distinct().count())
                    .as("a key for each thread").isEqualTo(clocks.size());
        }
    }
}
