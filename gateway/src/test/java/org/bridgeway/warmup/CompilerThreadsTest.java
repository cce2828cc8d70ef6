package org.bridgeway.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The JIT compiler's CPU time, from its threads' own clocks: never more than the process used. */
class CompilerThreadsTest {
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
