package org.bridgeway.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recipients taking their mail while the notices flow, as partner systems polling on a schedule do: each round every
 * recipient lists, fetches and acknowledges what waits through the next node in turn, so that a message delivered
 * through one node is acknowledged through the other. A node that is down or a broker failing over makes a round
 * take nothing; the next round goes on.
 */
final class RecipientPulls implements AutoCloseable {
    private static final Duration ROUND_GAP = Duration.ofMillis(500);

    private final List<MailboxDrain> nodes;
    private final List<MailboxDrain.Drained> taken = new ArrayList<>();
    private Thread thread;
    private volatile boolean running = true;

    RecipientPulls(List<MailboxDrain> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    void start(Collection<String> recipients) {
        List<String> all = List.copyOf(recipients);
        thread = new Thread(() -> pull(all), "recipient-pulls");
        thread.setDaemon(true);
        thread.start();
    }

    private void pull(List<String> recipients) {
        int round = 0;
        while (running) {
            MailboxDrain node = nodes.get(round++ % nodes.size());
            for (String recipient : recipients) {
                try {
                    List<MailboxDrain.Drained> got = node.takeWaiting(recipient);
                    synchronized (taken) {
                        taken.addAll(got);
                    }
                } catch (IllegalStateException e) {
                    // this node could not finish the message: it stays in the mailbox for the next round
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                Thread.sleep(ROUND_GAP.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** What the recipients took, in the order they took it. */
    List<MailboxDrain.Drained> taken() {
        synchronized (taken) {
            return List.copyOf(taken);
        }
    }

    /** Stops after the round in progress. */
    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(ApiClients.REQUEST_TIMEOUT.toMillis() * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Messages taken again after their acknowledgement was applied (answered 204): an acknowledgement that did not
     * hold. One whose acknowledgement's answers were all cut off may rightly come back, if it was not applied.
     */
    static long reappeared(List<MailboxDrain.Drained> inOrder) {
        Set<String> acknowledged = new HashSet<>();
        long again = 0;
        for (MailboxDrain.Drained d : inOrder) {
            if (acknowledged.contains(d.messageId())) {
                again++;
            }
            if (d.confirmed()) {
                acknowledged.add(d.messageId());
            }
        }
        return again;
    }

    /** Each message once, as the recipient's records hold it: the first time it was taken. */
    static List<MailboxDrain.Drained> firstOfEach(List<MailboxDrain.Drained> inOrder) {
        Map<String, MailboxDrain.Drained> first = new LinkedHashMap<>();
        inOrder.forEach(d -> first.putIfAbsent(d.messageId(), d));
        return List.copyOf(first.values());
    }
}
