/**
 * The Java migrations of the gateway's store, run by Flyway beside the SQL ones in
 * {@code src/main/resources/db/migration}, in version order, on H2 and PostgreSQL alike.
 *
 * <p>Each migration is frozen once it has shipped: it carries the hashing, encoding and SQL it needs, as they were
 * at its version, and calls no application code ({@code org.bridgeway..}), so that upgrading an old database
 * computes tomorrow exactly what it computes today. A change of format is a new migration, never an edit of an old
 * one (and the SQL files, whose checksums deployed databases hold, are never edited at all).
 * {@code MigrationsAreFrozenTest} enforces the rule; {@code UpgradeFromOldestSchemaTest} upgrades a database of the
 * oldest schema, with data of every era, and checks it with the offline audit verifier.
 */
package db.migration;
