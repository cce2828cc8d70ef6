package org.bridgeway.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How many sign-ins one network address may start in a window before it is asked to wait. Each start keeps a sign-in
 * attempt (state, nonce, PKCE verifier) in a session until the idle timeout, so an anonymous client asking page after
 * page could otherwise fill the gateway's memory with sessions; a person, even one with a few tabs and a mistyped
 * password, starts a handful. Fixed windows per address, with an injected clock.
 */
final class SignInStartLimit {
    /** Beyond this many tracked addresses, those whose window has ended are forgotten before a new one is added. */
    private static final int PRUNE_ABOVE = 10_000;

    private record Window(Instant start, int starts) {
    }

    private final int most;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();

    SignInStartLimit(int most, Duration window, Clock clock) {
        this.most = most;
        this.window = window;
        this.clock = clock;
    }

    /** The console's: 60 sign-ins a minute from one address (an office behind one NAT address shares it). */
    static SignInStartLimit standard() {
        return new SignInStartLimit(60, Duration.ofMinutes(1), Clock.systemUTC());
    }

    /** Counts a start from {@code address}; how long to wait before starting another, zero when it may start now. */
    synchronized Duration start(String address) {
        Instant now = clock.instant();
        Window current = windows.get(address);
        if (current == null || !now.isBefore(current.start().plus(window))) {
            if (current == null && windows.size() >= PRUNE_ABOVE) {
                windows.values().removeIf(w -> !now.isBefore(w.start().plus(window)));
            }
            windows.put(address, new Window(now, 1));
            return Duration.ZERO;
        }
        if (current.starts() >= most) {
            return Duration.between(now, current.start().plus(window));
        }
        windows.put(address, new Window(current.start(), current.starts() + 1));
        return Duration.ZERO;
    }
}
