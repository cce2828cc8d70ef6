package org.bridgeway.dev.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void theMedianOfAnOddNumberOfRoundsIsTheMiddleOne() {
        Spread s = Spread.of(List.of(900.0, 437.0, 1200.0, 410.0, 450.0));

        assertThat(s).isEqualTo(new Spread(410, 450, 1200));
        assertThat(s.describe("%,.0f")).isEqualTo("410 / 450 / 1,200");
    }

    @Test
    void theMedianOfAnEvenNumberIsTheMeanOfTheMiddleTwo() {
        assertThat(Spread.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(new Spread(1, 2.5, 4));
    }

    @Test
    void noRoundsHaveNoSpread() {
        assertThatThrownBy(() -> Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
