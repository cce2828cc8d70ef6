package org.bridgeway.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.GssCode;
import org.bridgeway.model.OdsCode;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.model.Postcode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReferenceDataTest {
    private static ReferenceData data;

    @BeforeAll
    static void load() {
        data = ReferenceData.shipped();
    }

    @Test
    void shipsTheFortyThreeTerritorialForcesAndBritishTransportPolice() {
        assertThat(data.policeForces()).hasSize(44);
        assertThat(data.policeForces()).filteredOn(f -> f.policeForceArea().isPresent()).hasSize(43);
        PoliceForce btp = data.policeForce(new PoliceForceCode("btp")).orElseThrow();
        assertThat(btp.policeForceArea()).isEmpty();
        assertThat(data.policeForces()).filteredOn(f -> f.policeForceArea().isPresent())
                .allSatisfy(f -> assertThat(f.policeForceArea().get().entityType()).isIn("E23", "W15"));
        assertThat(data.policeForce(new PoliceForceCode("metropolitan")).orElseThrow().policeForceArea())
                .contains(new GssCode("E23000001"));
        assertThat(data.policeForce(new PoliceForceCode("city-of-london")).orElseThrow().policeForceArea())
                .contains(new GssCode("E23000034"));
    }

    @Test
    void shipsTheUpperTierAuthoritiesOfEngland() {
        // 153 children's services authorities as of 2024, including those created 2021-2023 (940-943).
        assertThat(data.localAuthorities()).hasSize(153);
        assertThat(data.localAuthorities())
                .allSatisfy(la -> assertThat(la.gssCode().entityType()).isIn("E06", "E08", "E09", "E10"));
    }

    @Test
    void everyAuthorityLiesInAKnownForceAreaAndHasAHealthTeam() {
        for (LocalAuthority la : data.localAuthorities()) {
            assertThat(data.policeForce(la.policeForce())).as("force of %s", la.name()).isPresent();
            Optional<HealthTeam> team = data.healthTeamFor(la.dfeCode());
            assertThat(team).as("health team of %s", la.name()).isPresent();
            assertThat(team.get().odsCode().value()).isEqualTo("LAC" + la.dfeCode().value());
        }
        assertThat(data.healthTeams()).hasSameSizeAs(data.localAuthorities());
    }

    @Test
    void everyTerritorialEnglishForceHasAnAuthority() {
        Set<String> used = data.localAuthorities().stream().map(la -> la.policeForce().value())
                .collect(Collectors.toSet());
        Set<String> english = data.policeForces().stream()
                .filter(f -> f.policeForceArea().map(g -> g.value().startsWith("E23")).orElse(false))
                .map(f -> f.code().value()).collect(Collectors.toSet());
        assertThat(english).hasSize(39);
        assertThat(english).filteredOn(code -> !used.contains(code)).isEmpty();
    }

    @Test
    void knownAuthorities() {
        assertAuthority("886", "E10000016", "Kent", "kent");
        assertAuthority("352", "E08000003", "Manchester", "greater-manchester");
        assertAuthority("301", "E09000002", "Barking and Dagenham", "metropolitan");
        assertAuthority("201", "E09000001", "City of London", "city-of-london");
        assertAuthority("887", "E06000035", "Medway", "kent");
        assertAuthority("815", "E06000065", "North Yorkshire", "north-yorkshire");
        assertAuthority("839", "E06000058", "Bournemouth, Christchurch and Poole", "dorset");
        assertAuthority("420", "E06000053", "Isles of Scilly", "devon-and-cornwall");
        assertThat(data.localAuthority(new GssCode("E10000016")).orElseThrow().dfeCode())
                .isEqualTo(new DfeLaCode("886"));
        assertThat(data.healthTeam(new OdsCode("LAC886")).orElseThrow().area()).isEqualTo(new DfeLaCode("886"));
    }

    private static void assertAuthority(String dfe, String gss, String name, String force) {
        LocalAuthority la = data.localAuthority(new DfeLaCode(dfe)).orElseThrow();
        assertThat(la.gssCode()).isEqualTo(new GssCode(gss));
        assertThat(la.name()).isEqualTo(name);
        assertThat(la.policeForce()).isEqualTo(new PoliceForceCode(force));
    }

    @Test
    void districtWhollyInOneAuthorityIsFound() {
        DistrictLookup lookup = data.lookup(Postcode.parse("ME14 1XX"));
        assertThat(lookup).isInstanceOfSatisfying(DistrictLookup.Found.class,
                found -> assertThat(found.authority().name()).isEqualTo("Kent"));
        assertThat(data.lookup(Postcode.parse("CT1 2AB"))).isInstanceOf(DistrictLookup.Found.class);
    }

    @Test
    void districtAcrossABoroughBoundarySpansAuthorities() {
        // SE1 covers both Southwark (Borough, Bermondsey) and Lambeth (Waterloo, South Bank).
        DistrictLookup lookup = data.lookup(Postcode.parse("SE1 7PB"));
        assertThat(lookup).isInstanceOfSatisfying(DistrictLookup.SpansAuthorities.class,
                spans -> assertThat(spans.authorities()).extracting(LocalAuthority::name)
                        .containsExactlyInAnyOrder("Southwark", "Lambeth"));
    }

    @Test
    void districtOutsideTheTableIsUnknown() {
        assertThat(data.lookup(Postcode.parse("ZE1 0AA")))
                .isEqualTo(new DistrictLookup.Unknown("ZE1"));
    }

    @Test
    void moreKnownDistricts() {
        // M3 straddles Manchester and Salford; PO30 (Newport) is wholly on the Isle of Wight.
        assertThat(data.lookup(Postcode.parse("M3 4AA"))).isInstanceOf(DistrictLookup.SpansAuthorities.class);
        assertThat(data.lookup(Postcode.parse("PO30 1AA"))).isInstanceOfSatisfying(DistrictLookup.Found.class,
                found -> assertThat(found.authority().name()).isEqualTo("Isle of Wight"));
    }

    private static final PoliceForce KENT_POLICE =
            new PoliceForce(new PoliceForceCode("kent"), "Kent Police", Optional.of(new GssCode("E23000032")));
    private static final LocalAuthority KENT = new LocalAuthority(new DfeLaCode("886"), new GssCode("E10000016"),
            "Kent", new PoliceForceCode("kent"));

    @Test
    void duplicatePoliceForceCodeIsRejectedNamingTheCode() {
        assertThatThrownBy(() -> new ReferenceData(List.of(KENT_POLICE, KENT_POLICE), List.of(), List.of(), Map.of()))
                .isInstanceOf(ReferenceDataException.class).hasMessageContaining("kent");
    }

    @Test
    void duplicateAuthorityDfeCodeIsRejectedNamingTheCode() {
        LocalAuthority sameNumber = new LocalAuthority(new DfeLaCode("886"), new GssCode("E06000035"), "Medway",
                new PoliceForceCode("kent"));
        assertThatThrownBy(() -> new ReferenceData(List.of(KENT_POLICE), List.of(KENT, sameNumber), List.of(),
                Map.of()))
                .isInstanceOf(ReferenceDataException.class).hasMessageContaining("886");
    }

    @Test
    void authorityNamingAnUnknownForceIsRejectedNamingTheForce() {
        LocalAuthority strayed = new LocalAuthority(new DfeLaCode("887"), new GssCode("E06000035"), "Medway",
                new PoliceForceCode("essex"));
        assertThatThrownBy(() -> new ReferenceData(List.of(KENT_POLICE), List.of(strayed), List.of(), Map.of()))
                .isInstanceOf(ReferenceDataException.class).hasMessageContaining("essex").hasMessageContaining("887");
    }
}
