package org.bridgeway.dev.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bridgeway.audit.KeyedDigest;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.log.MerkleAuditLog;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.audit.store.AuditStore;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.locator.Involvement;
import org.bridgeway.locator.LocatorIndex;
import org.bridgeway.locator.LocatorKeys;
import org.bridgeway.locator.LocatorLimits;
import org.bridgeway.locator.LocatorQueries;
import org.bridgeway.locator.LocatorSettings;
import org.bridgeway.locator.ResponsibleAuthorityLocator.ChildKeys;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.Postcode;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.store.Database;

/**
 * The locator benchmark on a fresh embedded H2 database: {@code entries} synthetic entries written as the index writes
 * them (three keys each: the NHS number where the 999 test range has one left, and two postcodes), then
 * {@code lookups} queries by {@code threads} threads through {@link LocatorQueries}, each with what a real query does:
 * the caller's limits, the exact match, the query's audit entry in the real {@link MerkleAuditLog} (head signer
 * running) and, for a match, the access row in the same transaction. Half the queries ask by NHS number, a quarter by
 * name, date of birth and postcode, a quarter name no child. The access notices' trip down the pipeline is not
 * included: it runs in the background, and {@code bench} measures the pipeline.
 */
final class LocatorBench {
    private static final int FILL_BATCH = 2_000;
    private static final int CALLERS = 500;
    private static final String[] GIVEN = {"Riley", "Ottoline", "Thaddeus", "Marisol", "Ezra", "Saoirse", "Kit",
            "Imani", "Bram", "Wren", "Tamsin", "Oluwaseun", "Idris", "Maren", "Caspian", "Juno"};
    private static final String[] FAMILY = {"Sampleton", "Brackenbury", "Quenby", "Fenwright", "Ashdown", "Calloway",
            "Drummond", "Elphick", "Fairweather", "Gathercole", "Hollingsworth", "Inchbald", "Jessop", "Kettleby"};
    private static final String[] DISTRICTS = {"ME14", "M13", "LS6", "B5", "CT9", "TN23", "SW1A", "NE1", "BS1", "L1"};

    record Report(int entries, long keys, double fillSeconds, int lookups, int threads, double seconds,
                  Latencies latencies, long known, long refused, long peakHeapMiB, long bytes, long cpuNanos) {
        void print(PrintWriter out) {
            out.printf("fill: %,d entries, %,d keys in %.1fs (%,.0f entries/s)%n", entries, keys, fillSeconds,
                    entries / fillSeconds);
            out.printf("lookups: %,d by %d threads in %.1fs: %,.0f lookups/s; known %,d, refused %,d%n", lookups,
                    threads, seconds, lookups / seconds, known, refused);
            out.printf("latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms; CPU %.0f µs per lookup%n",
                    latencies.percentileMillis(50), latencies.percentileMillis(95), latencies.percentileMillis(99),
                    latencies.percentileMillis(100), cpuNanos / 1e3 / lookups);
            out.printf("peak heap during lookups %,d MiB; database %,d MiB%n", peakHeapMiB, bytes >> 20);
            out.printf("bench-locator: %,d entries, %,.0f lookups/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, heap %,d"
                            + " MiB%n", entries, lookups / seconds, latencies.percentileMillis(50),
                    latencies.percentileMillis(95), latencies.percentileMillis(99), peakHeapMiB);
            out.flush();
        }
    }

    private final int entries;
    private final int lookups;
    private final int threads;

    LocatorBench(int entries, int lookups, int threads) {
        this.entries = entries;
        this.lookups = lookups;
        this.threads = threads;
    }

    private static int check(String nine) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (nine.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - sum % 11;
        return check == 11 ? 0 : check;
    }

    /** Entry n's child: its NHS number (while the range lasts), names, date of birth and two postcodes. */
    private record Child(Optional<NhsNumber> nhs, String given, String family, LocalDate born, Postcode home,
                         Postcode placed) {
        ChildKeys keys(Postcode postcode) {
            return new ChildKeys(nhs, Optional.of(given), Optional.of(family), Optional.of(born),
                    Optional.of(postcode));
        }
    }

    private static Child child(int n, List<NhsNumber> numbers) {
        SplittableRandom r = new SplittableRandom(n * 7919L + 1);
        return new Child(n < numbers.size() ? Optional.of(numbers.get(n)) : Optional.empty(),
                GIVEN[r.nextInt(GIVEN.length)] + (char) ('a' + r.nextInt(26)), FAMILY[r.nextInt(FAMILY.length)]
                + (char) ('a' + r.nextInt(26)), LocalDate.of(2008, 1, 1).plusDays(r.nextInt(365 * 17)),
                postcode(r), postcode(r));
    }

    /** The letters a postcode's inward code may end with. */
    private static final String INWARD = "ABDEFGHJLNPQRSTUWXYZ";

    private static Postcode postcode(SplittableRandom r) {
        return Postcode.parse(DISTRICTS[r.nextInt(DISTRICTS.length)] + " " + r.nextInt(10)
                + INWARD.charAt(r.nextInt(INWARD.length())) + INWARD.charAt(r.nextInt(INWARD.length())));
    }

    Report run(Path dataDir) throws Exception {
        List<NhsNumber> numbers = new ArrayList<>();
        for (int body = 0; body < 1_000_000 && numbers.size() < entries; body++) {
            String digits = String.format("999%06d", body);
            int c = check(digits);
            if (c < 10) {
                numbers.add(NhsNumber.parse(digits + c));
            }
        }
        ReferenceData reference = ReferenceData.shipped();
        DfeLaCode[] authorities = reference.localAuthorities().stream().map(la -> la.dfeCode())
                .toArray(DfeLaCode[]::new);
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        LocatorKeys keys = new LocatorKeys(new KeyedDigest(secret));
        try (Database database = Database.embedded(dataDir.resolve("db"))) {
            LocatorIndex index = new LocatorIndex(database.dataSource(), Period.ofMonths(12));
            long start = System.nanoTime();
            long keyCount = 0;
            java.time.Instant now = java.time.Instant.now();
            for (int from = 0; from < entries; from += FILL_BATCH) {
                try (Connection c = database.dataSource().getConnection()) {
                    c.setAutoCommit(false);
                    for (int n = from; n < Math.min(entries, from + FILL_BATCH); n++) {
                        Child child = child(n, numbers);
                        List<LocatorKeys.Key> k = keys.all(child.keys(child.home()),
                                List.of(child.home(), child.placed()));
                        keyCount += k.size();
                        DfeLaCode responsible = authorities[n % authorities.length];
                        DfeLaCode host = authorities[(n * 31 + 7) % authorities.length];
                        index.put(c, new LocatorIndex.Entry("bench:" + n, responsible,
                                host.equals(responsible) ? Optional.empty() : Optional.of(host),
                                n % 5 == 0 ? Involvement.CHILD_PROTECTION_PLAN : Involvement.LOOKED_AFTER,
                                child.born().plusYears(2), Optional.empty(), "BENCH/" + n,
                                child.nhs().map(keys::nhs)), k, false, now);
                    }
                    c.commit();
                }
            }
            double fillSeconds = (System.nanoTime() - start) / 1e9;

            SigningKey signing = SigningKey.generate();
            AuditStore store = new JdbcAuditStore(database.dataSource());
            MerkleAuditLog log = new MerkleAuditLog(store, new TreeHeadSigner(store, signing, AuditBench.ORIGIN,
                    Clock.systemUTC(), TreeHeadSigner.DEFAULT_INTERVAL), Clock.systemUTC());
            try {
                // limits high enough that synthetic callers are never refused: their bookkeeping is still paid
                LocatorQueries queries = new LocatorQueries(index, keys, new LocatorLimits(database.dataSource(), new LocatorSettings(
                        Period.ofMonths(12), 1_000_000, 1_000_000, 1_000_000, Duration.ofMinutes(10)),
                        Clock.systemUTC()), log, Clock.systemUTC());
                warmUp(queries, numbers);
                JvmUsage.resetPeaks();
                long cpu = JvmUsage.processCpuNanos();
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                List<Future<long[]>> results = new ArrayList<>();
                List<Latencies> parts = new ArrayList<>();
                long began = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    Latencies mine = new Latencies();
                    parts.add(mine);
                    int thread = t;
                    results.add(pool.submit(() -> ask(queries, numbers, thread, mine)));
                }
                long known = 0;
                long refused = 0;
                for (Future<long[]> f : results) {
                    known += f.get()[0];
                    refused += f.get()[1];
                }
                double seconds = (System.nanoTime() - began) / 1e9;
                long cpuUsed = JvmUsage.processCpuNanos() - cpu;
                pool.shutdown();
                long heap = JvmUsage.peakHeapMiB();
                return new Report(entries, keyCount, fillSeconds, lookups, threads, seconds,
                        Latencies.merge(parts), known, refused, heap, bytesIn(dataDir), cpuUsed);
            } finally {
                log.close();
            }
        }
    }

    private void warmUp(LocatorQueries queries, List<NhsNumber> numbers) {
        Latencies ignored = new Latencies();
        int saved = Math.min(5_000, lookups);
        for (int i = 0; i < saved; i++) {
            ask(queries, numbers, new SplittableRandom(-i - 1L), "warm-up", ignored);
        }
    }

    private long[] ask(LocatorQueries queries, List<NhsNumber> numbers, int thread, Latencies latencies) {
        SplittableRandom random = new SplittableRandom(thread * 104_729L + 17);
        long[] counts = new long[2];
        for (int i = thread; i < lookups; i += threads) {
            LocatorQueries.Answer a = ask(queries, numbers, random, "caller-" + (i % CALLERS), latencies);
            if (a instanceof LocatorQueries.Known) {
                counts[0]++;
            } else if (a instanceof LocatorQueries.Refused) {
                counts[1]++;
            }
        }
        return counts;
    }

    private LocatorQueries.Answer ask(LocatorQueries queries, List<NhsNumber> numbers, SplittableRandom random,
                                      String caller, Latencies latencies) {
        int n = random.nextInt(entries);
        Child child = child(n, numbers);
        int kind = random.nextInt(4);
        ChildKeys keys = switch (kind) {
            case 0, 1 -> child.nhs().isPresent() ? new ChildKeys(child.nhs(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty()) : child.keys(child.home());
            case 2 -> new ChildKeys(Optional.empty(), Optional.of(child.given()), Optional.of(child.family()),
                    Optional.of(child.born()), Optional.of(random.nextBoolean() ? child.home() : child.placed()));
            default -> new ChildKeys(Optional.empty(), Optional.of(child.given()), Optional.of(child.family()),
                    Optional.of(child.born().plusDays(1)), Optional.of(child.home())); // a near miss
        };
        long start = System.nanoTime();
        LocatorQueries.Answer answer = queries.ask(new LocatorQueries.Asker(
                Organisation.parseId("police:greater-manchester"), caller), "CUSTODY_PACE_TRANSFER",
                "BENCH/" + n, keys);
        latencies.add(System.nanoTime() - start);
        return answer;
    }

    private static long bytesIn(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
