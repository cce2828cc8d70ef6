package org.bridgeway.policy;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded decision point behind a reference that {@link #reload()} swaps atomically: a changed agreements
 * directory takes effect without a restart, and a broken one never does.
 *
 * <p>Each {@link #decide} reads the reference once and asks that one engine, so every decision comes wholly from
 * one policy set and carries that set's revision; there is no moment at which a request sees half of the old set
 * and half of the new. A reload builds and validates the whole new set before swapping; if it fails (a
 * {@link PolicyLoadException}, naming the file and field) the old set keeps deciding and the result says why.
 */
public final class ReloadablePolicy implements PolicyDecisionPoint {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadablePolicy.class);

    private final Path agreementsDir;
    private final Path schemaFile;
    private final AtomicReference<EmbeddedDecisionPoint> current;

    /**
     * Loads the agreements in {@code agreementsDir} with the schema beside it, as {@link EmbeddedDecisionPoint}.
     *
     * @throws PolicyLoadException when the initial set cannot be loaded: there is nothing to fall back on
     */
    public ReloadablePolicy(Path agreementsDir) {
        this(agreementsDir,
                agreementsDir.toAbsolutePath().normalize().resolveSibling(EmbeddedDecisionPoint.SCHEMA_FILE));
    }

    public ReloadablePolicy(Path agreementsDir, Path schemaFile) {
        this.agreementsDir = Objects.requireNonNull(agreementsDir, "agreementsDir");
        this.schemaFile = Objects.requireNonNull(schemaFile, "schemaFile");
        this.current = new AtomicReference<>(new EmbeddedDecisionPoint(agreementsDir, schemaFile));
    }

    @Override
    public PolicyDecision decide(PolicyInput input) {
        return current.get().decide(input);
    }

    @Override
    public String revision() {
        return current.get().revision();
    }

    /** The delivery window of an agreement version in the current set (see {@link EmbeddedDecisionPoint}). */
    public java.time.Duration deliveryWindow(String agreementId, String version) {
        return current.get().deliveryWindow(agreementId, version);
    }

    /** The directory reloaded from. */
    public Path agreementsDirectory() {
        return agreementsDir;
    }

    /**
     * Loads the agreements directory afresh and, if the whole set is valid, makes it the one deciding. Reloads are
     * serialised; decisions are not held up by them.
     *
     * @return the new revision, or the kept one with the file, field and problem that stopped the reload
     */
    public synchronized ReloadResult reload() {
        String previous = current.get().revision();
        EmbeddedDecisionPoint next;
        try {
            next = new EmbeddedDecisionPoint(agreementsDir, schemaFile);
        } catch (PolicyLoadException e) {
            LOG.warn("policy reload refused, revision {} keeps deciding: {}", previous, e.getMessage());
            return ReloadResult.refused(previous, e);
        }
        current.set(next);
        if (next.revision().equals(previous)) {
            LOG.info("policy reloaded: unchanged, revision {}", previous);
        } else {
            LOG.info("policy reloaded: revision {} replaces {} (agreements {})", next.revision(), previous,
                    next.agreementIds());
        }
        return ReloadResult.loaded(previous, next.revision());
    }
}
