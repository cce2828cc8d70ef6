package org.bridgeway.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * A migration runs once per database, possibly years after it was written: what it computes must be what it
 * computed when it shipped. So a Java migration carries its own hashing and SQL and uses no application class,
 * which a later change could change under it (the JDK, Flyway and JDBC are fine; they do not change what it
 * computes). The rule fails, too, if the package holds no class at all.
 */
@AnalyzeClasses(packages = "db.migration", importOptions = ImportOption.DoNotIncludeTests.class)
class MigrationsAreFrozenTest {
    @ArchTest
    static final ArchRule NO_MIGRATION_CALLS_APPLICATION_CODE = noClasses()
            .that().resideInAPackage("db.migration..")
            .should().dependOnClassesThat().resideInAPackage("org.bridgeway..")
            .because("a migration must compute what it computed when it shipped; copy what it needs into it");
}
