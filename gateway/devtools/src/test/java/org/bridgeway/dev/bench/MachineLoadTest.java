package org.bridgeway.dev.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MachineLoadTest {

    @Test
    void readsBusyStealAndTotalFromTheAllCpuLine() {
        // user nice system idle iowait irq softirq steal guest guest_nice, in 1/100 s
        MachineLoad.Counters c = MachineLoad.parse("cpu  1000 50 200 5000 100 10 40 300 0 0");

        assertThat(c.busy()).isCloseTo(13.0, within(1e-9));
        assertThat(c.steal()).isCloseTo(3.0, within(1e-9));
        assertThat(c.total()).isCloseTo(67.0, within(1e-9));
    }

    @Test
    void refusesALineThatIsNotTheWholeMachines() {
        assertThatThrownBy(() -> MachineLoad.parse("cpu0 1 2 3 4 5 6 7 8 9 10"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void otherLoadIsTheMachinesBusyTimeLessThisProcesssOverTheWallTime() {
        MachineLoad.Counters start = new MachineLoad.Counters(100, 1, 400);
        MachineLoad.Counters end = new MachineLoad.Counters(118, 2, 420);

        // 18 CPU-seconds busy in 10 s, 15 of them this process's: 0.3 cores of other work; 1 of 20 s stolen
        MachineLoad.Share share = MachineLoad.between(start, end, 10, 15);

        assertThat(share.otherCores()).isCloseTo(0.3, within(1e-9));
        assertThat(share.stealShare()).isCloseTo(0.05, within(1e-9));
    }

    @Test
    void aRoundIsDisturbedByTheCompilerOtherLoadOrStolenTimeAndSaysWhich() {
        assertThat(MachineLoad.disturbances(0.02, Optional.of(new MachineLoad.Share(0.1, 0.01)))).isEmpty();
        assertThat(MachineLoad.disturbances(0.02, Optional.empty())).isEmpty();

        List<String> all = MachineLoad.disturbances(0.30, Optional.of(new MachineLoad.Share(0.8, 0.12)));

        assertThat(all).containsExactly("the JIT compiler used 0.30 cores", "other processes used 0.80 cores",
                "12% of CPU time stolen by the hypervisor");
    }
}
