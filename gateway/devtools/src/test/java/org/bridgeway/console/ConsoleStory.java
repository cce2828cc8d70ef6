package org.bridgeway.console;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A browser story of the console: a gateway and its console of the story's own, for all its tests. */
abstract class ConsoleStory {
    @TempDir
    static Path data;
    static ConsoleFixture fixture;

    @BeforeAll
    static void startConsole() {
        fixture = ConsoleFixture.start(data);
    }

    @AfterAll
    static void stopConsole() {
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
    }
}
