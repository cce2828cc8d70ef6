package org.bridgeway.policy;

import java.nio.file.Path;

/**
 * What a {@link ReloadablePolicy#reload()} did.
 *
 * @param reloaded         whether the new policy set was loaded and is now deciding
 * @param previousRevision the revision deciding before the reload
 * @param revision         the revision deciding after it: the new one, or the kept one on failure
 * @param problem          why the new set was refused (the {@link PolicyLoadException} message); null on success
 * @param file             the file at fault, when known; null on success
 * @param field            the JSON path of the field at fault, when known; null on success
 */
public record ReloadResult(boolean reloaded, String previousRevision, String revision, String problem, Path file,
                           String field) {

    static ReloadResult loaded(String previousRevision, String revision) {
        return new ReloadResult(true, previousRevision, revision, null, null, null);
    }

    static ReloadResult refused(String keptRevision, PolicyLoadException e) {
        return new ReloadResult(false, keptRevision, keptRevision, e.getMessage(), e.file(), e.field());
    }

    /** Whether the reload changed the deciding revision (a reload of unchanged files does not). */
    public boolean changed() {
        return reloaded && !revision.equals(previousRevision);
    }
}
