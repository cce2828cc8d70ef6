package org.bridgeway.chaos;

import java.time.Duration;

/** A sleep that keeps the thread's interrupt flag: the suite's threads stop when interrupted. */
final class Pause {
    private Pause() {
    }

    static void of(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
