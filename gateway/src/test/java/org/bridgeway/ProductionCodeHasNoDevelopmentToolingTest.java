package org.bridgeway;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production jar carries no development tooling: the development PKI, the Keycloak launcher, the development
 * TSA, the plain-HTTP header identity, the demo and the benchmarks live in gateway/devtools, which depends on the
 * gateway and never the other way round. The compiler already refuses an import of a devtools class here; these
 * rules also refuse a copy of one back into the gateway, by package and by name.
 */
class ProductionCodeHasNoDevelopmentToolingTest {
    /** Where development tooling lives, and where it lived before it moved out (org.bridgeway.pki, identity.dev). */
    private static final String[] DEVELOPMENT_PACKAGES = {"org.bridgeway.dev..", "org.bridgeway..dev..",
            "org.bridgeway.pki.."};

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.bridgeway");
    }

    @Test
    void theImportSeesTheProductionCode() {
        // an empty import would let every rule below pass
        assertThat(production.contain(org.bridgeway.gateway.Gateway.class)).isTrue();
        assertThat(production.contain(org.bridgeway.transport.PartnerCertificate.class)).isTrue();
    }

    @Test
    void noProductionClassLivesInADevelopmentPackage() {
        noClasses().should().resideInAnyPackage(DEVELOPMENT_PACKAGES)
                .because("development tooling belongs in gateway/devtools, not in the production jar")
                .check(production);
    }

    @Test
    void noProductionClassDependsOnDevelopmentTooling() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(DEVELOPMENT_PACKAGES)
                .because("production code must run without the development tooling on its classpath")
                .check(production);
    }

    @Test
    void transportIdentityAndApiNameNoDevelopmentClass() {
        noClasses().that().resideInAnyPackage("org.bridgeway.transport..", "org.bridgeway.identity..",
                        "org.bridgeway.api..")
                .should().haveSimpleNameStartingWith("Development")
                .orShould().dependOnClassesThat(namedAsDevelopmentTooling())
                .because("who a caller is comes from certificates and tokens; the development PKI reads the "
                        + "partner-certificate profile from transport, never the other way round")
                .check(production);
    }

    private static DescribedPredicate<JavaClass> namedAsDevelopmentTooling() {
        return describe("are development tooling (a Development* class)",
                c -> c.getSimpleName().startsWith("Development"));
    }
}
