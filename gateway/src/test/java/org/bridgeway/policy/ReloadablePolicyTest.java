package org.bridgeway.policy;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safe change: a reload swaps the whole policy set at once or not at all. Set A is the project's agreements; set B
 * the same with version 2.1 of ISA-PN-2025, which no longer gives the police the risks. The live directory (in a
 * temporary folder, with the schema beside it as {@link EmbeddedDecisionPoint} expects) is switched between them
 * by atomic file moves, so a reload always reads one whole file.
 */
class ReloadablePolicyTest {
    private static final String MAIN = "placement-notification.yaml";
    private static final PlacementNotice NOTICE = SyntheticPlacements.notice(ReferenceData.shipped(),
            SyntheticPlacements.EVERY_FIELD.get(0));
    private static final PolicyInput TO_POLICE = PolicyInput.of(NOTICE,
            Organisation.parseId("police:greater-manchester"), LocalDate.of(2025, 10, 14));

    @TempDir
    Path temp;

    private String setA;
    private String setB;
    private Path live;

    @BeforeEach
    void twoValidSets() throws Exception {
        setA = Files.readString(PolicyRoot.agreements().resolve(MAIN));
        assertThat(setA).contains("version: \"2.0\"", "        - risks\n      retention: P2Y");
        setB = setA.replace("version: \"2.0\"", "version: \"2.1\"")
                .replace("        - risks\n      retention: P2Y", "      retention: P2Y");
        live = policyRoot("live", setA);
    }

    /** A policies/ folder with the schema and agreements/ holding the exclusion agreement and {@code main}. */
    private Path policyRoot(String name, String main) throws Exception {
        Path policies = Files.createDirectories(temp.resolve(name));
        Files.copy(PolicyRoot.schema(), policies.resolve(EmbeddedDecisionPoint.SCHEMA_FILE));
        Path agreements = Files.createDirectories(policies.resolve("agreements"));
        Files.copy(PolicyRoot.agreements().resolve("exclusion-notice.yaml"), agreements.resolve("exclusion-notice.yaml"));
        Files.writeString(agreements.resolve(MAIN), main);
        return agreements;
    }

    /** Replaces the live agreement in one atomic rename. */
    private void install(String main) throws Exception {
        Path tmp = live.resolveSibling(MAIN + ".tmp");
        Files.writeString(tmp, main);
        Files.move(tmp, live.resolve(MAIN), ATOMIC_MOVE, REPLACE_EXISTING);
    }

    @Test
    void concurrentDecisionsDuringRepeatedReloadsEachComeWhollyFromOneSet() throws Exception {
        PolicyDecision expectedA = new EmbeddedDecisionPoint(policyRoot("a", setA)).decide(TO_POLICE);
        PolicyDecision expectedB = new EmbeddedDecisionPoint(policyRoot("b", setB)).decide(TO_POLICE);
        assertThat(expectedA.policyRevision()).isNotEqualTo(expectedB.policyRevision());
        assertThat(expectedA.permittedFields()).contains("risks");
        assertThat(expectedB.permittedFields()).doesNotContain("risks");
        Map<String, PolicyDecision> expected = Map.of(expectedA.policyRevision(), expectedA,
                expectedB.policyRevision(), expectedB);

        ReloadablePolicy policy = new ReloadablePolicy(live);
        assertThat(policy.revision()).isEqualTo(expectedA.policyRevision());

        AtomicBoolean reloading = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> inconsistent = new ConcurrentLinkedQueue<>();
        AtomicInteger decisions = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(4);
        ExecutorService deciders = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            running.add(deciders.submit(() -> {
                started.countDown();
                while (reloading.get()) {
                    PolicyDecision d = policy.decide(TO_POLICE);
                    decisions.incrementAndGet();
                    if (!d.equals(expected.get(d.policyRevision()))) {
                        inconsistent.add(d.toString());
                    }
                }
            }));
        }
        started.await();
        int reloads = 0;
        int switched = 0;
        try {
            for (int i = 0; i < 40; i++) {
                String next = i % 2 == 0 ? setB : setA;
                install(next);
                ReloadResult r = policy.reload();
                reloads++;
                assertThat(r.reloaded()).as(r.problem()).isTrue();
                assertThat(r.revision()).isEqualTo(next == setB ? expectedB.policyRevision()
                        : expectedA.policyRevision());
                switched += r.changed() ? 1 : 0;
            }
        } finally {
            reloading.set(false);
            deciders.shutdown();
            assertThat(deciders.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<?> f : running) {
            f.get(); // rethrows anything a decider threw
        }
        assertThat(reloads).isEqualTo(40);
        assertThat(switched).isEqualTo(40);
        assertThat(decisions.get()).isPositive();
        assertThat(inconsistent).as("decisions matching neither set whole").isEmpty();
        assertThat(policy.revision()).isEqualTo(expectedA.policyRevision());
    }

    @Test
    void aBrokenAgreementIsRefusedAndTheOldSetKeepsDecidingWithTheFileAndFieldSaid() throws Exception {
        ReloadablePolicy policy = new ReloadablePolicy(live);
        String before = policy.revision();
        PolicyDecision decidedBefore = policy.decide(TO_POLICE);

        install(setA.replace("      retention: P2Y", "      retention: two years"));
        ReloadResult r = policy.reload();

        assertThat(r.reloaded()).isFalse();
        assertThat(r.changed()).isFalse();
        assertThat(r.previousRevision()).isEqualTo(before);
        assertThat(r.revision()).isEqualTo(before);
        assertThat(r.file().getFileName().toString()).isEqualTo(MAIN);
        assertThat(r.field()).isEqualTo("$.parties.recipients[0].retention");
        assertThat(r.problem()).contains(MAIN, "$.parties.recipients[0].retention");
        assertThat(policy.revision()).isEqualTo(before);
        assertThat(policy.decide(TO_POLICE)).isEqualTo(decidedBefore);

        // fixed: the next reload takes it
        install(setB);
        ReloadResult fixed = policy.reload();
        assertThat(fixed.reloaded()).isTrue();
        assertThat(fixed.changed()).isTrue();
        assertThat(policy.decide(TO_POLICE).permittedFields()).doesNotContain("risks");
    }

    @Test
    void theWatcherReloadsWhenAnAgreementChangesAndIgnoresABrokenOne() throws Exception {
        ReloadablePolicy policy = new ReloadablePolicy(live);
        String revisionA = policy.revision();
        List<ReloadResult> heard = new CopyOnWriteArrayList<>();
        try (PolicyWatcher watcher = PolicyWatcher.start(policy, PolicyWatcher.DEFAULT_DEBOUNCE, heard::add)) {
            install(setB);
            await().atMost(Duration.ofSeconds(10)).until(() -> !policy.revision().equals(revisionA));
            assertThat(policy.decide(TO_POLICE).agreementVersion()).isEqualTo("2.1");
            String revisionB = policy.revision();

            install(setA.replace("version: \"2.0\"", "version: 2.0 ] broken"));
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.stream().anyMatch(r -> !r.reloaded()));
            assertThat(policy.revision()).isEqualTo(revisionB);
            assertThat(heard.stream().filter(r -> !r.reloaded()).findFirst().orElseThrow().file().getFileName())
                    .hasToString(MAIN);
        }
    }
}
