package org.bridgeway.policy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Builds the configured {@link PolicyDecisionPoint}: the embedded engine or an OPA server. */
public final class PolicyEngines {

    /** Evaluates {@code policies/agreements/} in process ({@link EmbeddedDecisionPoint}). */
    public static final String EMBEDDED = "embedded";
    /** Asks an OPA server over its REST Data API ({@link OpaDecisionPoint}). */
    public static final String OPA = "opa";

    private PolicyEngines() {
    }

    /** {@link #create(String, Path, Optional, OpaSettings)} with {@link OpaSettings#defaults()}. */
    public static PolicyDecisionPoint create(String engine, Path agreementsDir, Optional<String> opaUrl) {
        return create(engine, agreementsDir, opaUrl, OpaSettings.defaults());
    }

    /**
     * The decision point for {@code engine} (case and surrounding spaces ignored):
     * <ul>
     *   <li>{@code embedded}: loads the agreements in {@code agreementsDir} (the OPA URL is ignored);</li>
     *   <li>{@code opa}: a client of the OPA server at {@code opaUrl} with {@code settings} and the system clock
     *       ({@code agreementsDir} is not read: the OPA server has its own bundle). It is {@link AutoCloseable}.</li>
     * </ul>
     *
     * @throws IllegalArgumentException for an unknown engine, {@code opa} without a URL, or a malformed URL
     * @throws PolicyLoadException      when the embedded engine cannot load the agreements
     */
    public static PolicyDecisionPoint create(String engine, Path agreementsDir, Optional<String> opaUrl,
                                             OpaSettings settings) {
        Objects.requireNonNull(opaUrl, "opaUrl (use Optional.empty())");
        String name = engine == null ? "" : engine.strip().toLowerCase(Locale.ROOT);
        switch (name) {
            case EMBEDDED:
                if (agreementsDir == null) {
                    throw new IllegalArgumentException(
                            "policy engine \"embedded\" needs the agreements directory (policies/agreements)");
                }
                return new EmbeddedDecisionPoint(agreementsDir);
            case OPA:
                String url = opaUrl.map(String::strip).filter(u -> !u.isEmpty())
                        .orElseThrow(() -> new IllegalArgumentException(
                                "policy engine \"opa\" needs the OPA server's URL, e.g. http://127.0.0.1:8181"));
                return new OpaDecisionPoint(url, Objects.requireNonNull(settings, "settings"), Clock.systemUTC());
            default:
                throw new IllegalArgumentException("unknown policy engine \"" + engine
                        + "\": expected \"" + EMBEDDED + "\" or \"" + OPA + "\"");
        }
    }
}
