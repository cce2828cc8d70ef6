package org.bridgeway.chaos;

/** One chaos scenario: where the gateway keeps its records, and what is done to it while notices flow. */
record Scenario(Store store, Fault fault) {
    enum Store {
        H2("h2"), POSTGRESQL("pg");

        final String label;

        Store(String label) {
            this.label = label;
        }
    }

    enum Fault {
        /** {@code kill -9} of the gateway, restarted at once, several times. */
        KILL_9("kill-9"),
        /** SIGTERM (the gateway drains and exits), then a restart. */
        SIGTERM("sigterm"),
        /** The PostgreSQL server killed (postmaster and backends) for a few seconds; the gateway is not restarted. */
        POSTGRES_DOWN("pg-down"),
        /** The data directory's filesystem filled to the last page for a few seconds, then freed. */
        DISK_FULL("disk-full");

        final String label;

        Fault(String label) {
            this.label = label;
        }
    }

    String name() {
        return store.label + "-" + fault.label;
    }
}
