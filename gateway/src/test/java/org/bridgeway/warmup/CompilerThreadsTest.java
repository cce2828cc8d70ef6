package org.bridgeway.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The JIT compiler's CPU time, from its threads' own clocks: never more than the process used. */
class CompilerThreadsTest {
    @Test
    void aThreadsNameAndCpuAreReadFromItsStatLineWhateverTheNameHolds() {
        CompilerThreads.ThreadTicks c2 = CompilerThreads.ThreadTicks.parse(
                "4242 (C2 CompilerThre) S 1 4200 4200 0 -1 1077936192 918 0 0 0 1520 37 0 0 20 0 38 0 123 0 0");
        assertThat(c2.name()).isEqualTo("C2 CompilerThre");
        assertThat(c2.cpu()).isEqualTo(1557);
        assertThat(c2.started()).isEqualTo(123);

        CompilerThreads.ThreadTicks odd = CompilerThreads.ThreadTicks.parse(
                "17 (a) (b) c) R 1 17 17 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 9 0 0");
        assertThat(odd.name()).isEqualTo("a) (b) c");
        assertThat(odd.cpu()).isEqualTo(11);
        assertThat(odd.started()).isEqualTo(9);

        assertThatThrownBy(() -> CompilerThreads.ThreadTicks.parse("17 (short) R 1 2 3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fields after the name");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void onLinuxTheCompilerThreadsAreFoundAndUsedNoMoreThanTheWholeProcess() {
        long processMillis = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
        OptionalLong compiler = CompilerThreads.fromThreadClocks();

        assertThat(compiler).as("HotSpot's compiler threads, by name").isPresent();
        assertThat(compiler.getAsLong()).isPositive().isLessThanOrEqualTo(processMillis + 10);
        assertThat(CompilerThreads.fromThreadClocks().getAsLong()).as("a clock that never runs back")
                .isGreaterThanOrEqualTo(compiler.getAsLong());
    }
}
