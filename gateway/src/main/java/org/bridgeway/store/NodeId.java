package org.bridgeway.store;

import java.util.UUID;

/**
 * This gateway process's name among the nodes that share a database, {@code node-<pid>-<random>}: what the rows a
 * node holds for a while name as their holder (the timers it claimed, the SSDA903 batches it sends). One per
 * process, and a new one at every start: a node restarted is another holder, and takes nothing over from its former
 * self but what anyone may take over.
 */
public final class NodeId {
    private static final String THIS_PROCESS = "node-" + ProcessHandle.current().pid() + "-"
            + UUID.randomUUID().toString().substring(0, 8);

    private NodeId() {
    }

    public static String thisProcess() {
        return THIS_PROCESS;
    }
}
