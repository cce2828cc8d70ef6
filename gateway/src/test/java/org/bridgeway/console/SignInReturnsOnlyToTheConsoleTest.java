package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** After signing in, a person goes back to the console page they asked for, and never to another site. */
class SignInReturnsOnlyToTheConsoleTest {
    @Test
    void aPathOfTheConsoleIsWhereThePersonReturns() {
        assertThat(ConsoleServer.returnPath("/inbox")).isEqualTo("/inbox");
        assertThat(ConsoleServer.returnPath("/inbox?before=bTE6MTI")).isEqualTo("/inbox?before=bTE6MTI");
    }

    @Test
    void anythingABrowserWouldTakeForAnotherSiteReturnsToTheStart() {
        assertThat(ConsoleServer.returnPath("//evil.example/inbox")).isEqualTo("/");
        assertThat(ConsoleServer.returnPath("/\\evil.example")).isEqualTo("/");
        assertThat(ConsoleServer.returnPath("/inbox\\..\\\\evil.example")).isEqualTo("/");
        assertThat(ConsoleServer.returnPath("https://evil.example/")).isEqualTo("/");
        assertThat(ConsoleServer.returnPath(null)).isEqualTo("/");
    }

    @Test
    void aPathLongerThanAnyOfTheConsolesReturnsToTheStart() {
        String padded = "/inbox?before=" + "a".repeat(600);
        assertThat(ConsoleServer.returnPath(padded)).as("kept in the session: a way to fill it").isEqualTo("/");
    }
}
