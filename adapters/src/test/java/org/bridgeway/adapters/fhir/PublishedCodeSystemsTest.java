package org.bridgeway.adapters.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.bridgeway.adapters.RenderFixtures;
import org.bridgeway.adapters.ssda903.Ssda903Codes;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.FoundCondition;
import org.bridgeway.model.MissingFixtures;
import org.bridgeway.model.MissingType;
import org.bridgeway.model.PlacementChange;
import org.bridgeway.model.PlacementEvent;
import org.bridgeway.model.PreventionInterview;
import org.bridgeway.model.RiskLevel;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bridgeway's own code systems are published in the repository as FHIR CodeSystem resources
 * ({@code adapters/src/main/resources/fhir/CodeSystem/<name>.json}, canonical URL {@code FhirPlacementRenderer.CODE_SYSTEM
 * + name}): each parses with HAPI, every code system URL the renderers emit has one, and its codes include every
 * code emitted and every code the readers accept.
 */
class PublishedCodeSystemsTest {
    /** The code lists of each code system as the model and the readers know them. */
    private static final Map<String, Collection<String>> ACCEPTED = new LinkedHashMap<>();
    private static Map<String, CodeSystem> published;

    static {
        ACCEPTED.put(FhirPlacementRenderer.EXCHANGE_TYPE_SYSTEM,
                Arrays.stream(ExchangeType.values()).map(ExchangeType::slug).toList());
        ACCEPTED.put(FhirPlacementRenderer.LEGAL_STATUS_SYSTEM, Ssda903Codes.LS);
        ACCEPTED.put(FhirPlacementRenderer.PLACEMENT_TYPE_SYSTEM, Ssda903Codes.PLACE);
        ACCEPTED.put(FhirPlacementRenderer.PLACEMENT_PROVIDER_SYSTEM, Ssda903Codes.PLACE_PROVIDER);
        ACCEPTED.put(FhirPlacementRenderer.CATEGORY_OF_NEED_SYSTEM, Ssda903Codes.CIN);
        ACCEPTED.put(FhirPlacementRenderer.REASON_FOR_NEW_EPISODE_SYSTEM, Ssda903Codes.RNE);
        ACCEPTED.put(FhirPlacementRenderer.REASON_FOR_CHANGE_SYSTEM, Ssda903Codes.REASON_PLACE_CHANGE);
        ACCEPTED.put(FhirPlacementRenderer.ETHNICITY_SYSTEM, Ssda903Codes.ETHNIC);
        ACCEPTED.put(FhirPlacementRenderer.END_REASON_SYSTEM, Ssda903Codes.REC);
        // the ADCS / College of Policing protocol's codes: the placement API's schema enum and the SSDA903 reader's
        ACCEPTED.put(FhirPlacementRenderer.RISK_SYSTEM,
                List.of("CSE", "CCE", "MISSING_HISTORY", "GANG", "TRAFFICKED", "UASC", "CSE_PERPETRATOR"));
        ACCEPTED.put(FhirPlacementRenderer.PLACEMENT_EVENT_SYSTEM,
                Arrays.stream(PlacementEvent.values()).map(PlacementEvent::code).toList());
        ACCEPTED.put(FhirPlacementRenderer.PLACEMENT_CHANGE_SYSTEM,
                Arrays.stream(PlacementChange.values()).map(PlacementChange::code).toList());
        ACCEPTED.put(FhirMissingEpisodeRenderer.EVENT_SYSTEM, FhirMissingEpisodeRenderer.EVENTS.values());
        ACCEPTED.put(FhirMissingEpisodeRenderer.FLAG_CATEGORY_SYSTEM, List.of(FhirMissingEpisodeRenderer.FLAG_CATEGORY));
        ACCEPTED.put(FhirMissingEpisodeRenderer.MISSING_TYPE_SYSTEM,
                Arrays.stream(MissingType.values()).map(MissingType::code).toList());
        ACCEPTED.put(FhirMissingEpisodeRenderer.RISK_LEVEL_SYSTEM,
                Arrays.stream(RiskLevel.values()).map(RiskLevel::code).toList());
        ACCEPTED.put(FhirMissingEpisodeRenderer.FOUND_CONDITION_SYSTEM,
                Arrays.stream(FoundCondition.values()).map(FoundCondition::code).toList());
        ACCEPTED.put(FhirMissingEpisodeRenderer.PREVENTION_INTERVIEW_SYSTEM,
                Arrays.stream(PreventionInterview.values()).map(PreventionInterview::code).toList());
    }

    @BeforeAll
    static void load() throws Exception {
        published = new LinkedHashMap<>();
        for (String url : codeSystemConstants()) {
            String name = url.substring(FhirPlacementRenderer.CODE_SYSTEM.length());
            try (InputStream in = PublishedCodeSystemsTest.class.getClassLoader()
                    .getResourceAsStream(FhirPlacementRenderer.PUBLISHED_CODE_SYSTEMS + name + ".json")) {
                if (in != null) {
                    published.put(url, FhirPlacementRenderer.sharedContext().newJsonParser().parseResource(
                            CodeSystem.class, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        }
    }

    @Test
    void everyCodeSystemTheRenderersNameIsPublishedAndNothingElse() throws IOException {
        assertThat(published.keySet()).containsExactlyInAnyOrderElementsOf(codeSystemConstants());
        assertThat(publishedFileNames()).hasSameSizeAs(published.keySet());
        assertThat(ACCEPTED.keySet()).containsExactlyInAnyOrderElementsOf(codeSystemConstants());
    }

    @Test
    void eachPublishedCodeSystemIsAWellFormedCompleteCodeSystemAtItsOwnUrl() {
        published.forEach((url, cs) -> {
            assertThat(cs.getUrl()).isEqualTo(url);
            assertThat(cs.getStatus()).isEqualTo(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
            assertThat(cs.getContent()).isEqualTo(CodeSystem.CodeSystemContentMode.COMPLETE);
            assertThat(cs.getCount()).as(url).isEqualTo(cs.getConcept().size());
            List<String> codes = codes(cs);
            assertThat(codes).as(url + " codes unique").doesNotHaveDuplicates();
            assertThat(cs.getConcept()).as(url).allSatisfy(c -> assertThat(c.getDisplay()).isNotBlank());
            assertThat(cs.getName()).as("a computable name").matches("[A-Z][A-Za-z0-9]*");
        });
    }

    @Test
    void everyCodeTheReadersAndTheModelAcceptIsInItsCodeSystem() {
        ACCEPTED.forEach((url, accepted) -> assertThat(codes(published.get(url))).as(url).containsAll(accepted));
    }

    @Test
    void everyCodeTheRenderersEmitIsInAPublishedCodeSystem() {
        Map<String, Set<String>> emitted = new LinkedHashMap<>();
        List<org.hl7.fhir.r4.model.Resource> resources = new ArrayList<>();
        for (Bundle bundle : renderedBundles()) {
            bundle.getEntry().forEach(e -> resources.add(e.getResource()));
        }
        for (org.hl7.fhir.r4.model.Resource resource : resources) {
            for (Coding coding : FhirPlacementRenderer.sharedContext().newTerser()
                    .getAllPopulatedChildElementsOfType(resource, Coding.class)) {
                if (coding.getSystem() != null && coding.getSystem().startsWith(FhirPlacementRenderer.BASE)) {
                    emitted.computeIfAbsent(coding.getSystem(), s -> new TreeSet<>()).add(coding.getCode());
                }
            }
        }
        assertThat(emitted).as("the check reaches codings inside extensions too")
                .containsKeys(FhirPlacementRenderer.RISK_SYSTEM, FhirPlacementRenderer.ETHNICITY_SYSTEM,
                        FhirMissingEpisodeRenderer.RISK_LEVEL_SYSTEM, FhirPlacementRenderer.EXCHANGE_TYPE_SYSTEM);
        emitted.forEach((system, codes) -> {
            assertThat(published).as("published code system for %s", system).containsKey(system);
            assertThat(codes(published.get(system))).as(system).containsAll(codes);
        });
    }

    private static List<Bundle> renderedBundles() {
        FhirPlacementRenderer placements = new FhirPlacementRenderer();
        FhirMissingEpisodeRenderer missing = new FhirMissingEpisodeRenderer();
        List<Bundle> bundles = new ArrayList<>();
        bundles.add(placements.toBundle(RenderFixtures.full()));
        bundles.add(placements.toBundle(RenderFixtures.whole(RenderFixtures.ended())));
        bundles.add(placements.toBundle(RenderFixtures.whole(RenderFixtures.movedArea())));
        bundles.add(placements.toBundle(RenderFixtures.minimised(RenderFixtures.HEALTH_TEAM_FIELDS)));
        bundles.add(missing.toBundle(FhirMissingEpisodeRendererTest.full()));
        bundles.add(missing.toBundle(FhirMissingEpisodeRendererTest.minimised(MissingFixtures.notice(),
                FhirMissingEpisodeRendererTest.HEALTH_TEAM_FIELDS)));
        bundles.add(missing.toBundle(FhirMissingEpisodeRendererTest.minimised(MissingFixtures.notice(), Set.of())));
        return bundles;
    }

    /** Every public *_SYSTEM constant of the renderers under Bridgeway's code system base. */
    private static Set<String> codeSystemConstants() {
        Set<String> urls = new HashSet<>();
        for (Class<?> renderer : List.of(FhirPlacementRenderer.class, FhirMissingEpisodeRenderer.class)) {
            for (Field f : renderer.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
                        && f.getName().endsWith("_SYSTEM") && !f.getName().equals("CODE_SYSTEM")) {
                    try {
                        String url = (String) f.get(null);
                        if (url.startsWith(FhirPlacementRenderer.CODE_SYSTEM)) {
                            urls.add(url);
                        }
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return urls;
    }

    private static Set<String> publishedFileNames() throws IOException {
        java.net.URL folder = PublishedCodeSystemsTest.class.getClassLoader()
                .getResource(FhirPlacementRenderer.PUBLISHED_CODE_SYSTEMS);
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(java.net.URI.create(folder.toString())))) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static List<String> codes(CodeSystem cs) {
        return cs.getConcept().stream().map(CodeSystem.ConceptDefinitionComponent::getCode).toList();
    }
}
