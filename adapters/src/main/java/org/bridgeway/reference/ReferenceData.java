package org.bridgeway.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.GssCode;
import org.bridgeway.model.OdsCode;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.model.Postcode;

/**
 * Who is who, and where: local authorities with their police force areas, police forces, registered health
 * teams and the postcode districts of each authority. Immutable once built; the shipped tables are read from
 * the classpath by {@link #shipped()}. Every cross-reference is checked when the data is built, so a broken
 * table fails at start, not in the middle of an exchange.
 */
public final class ReferenceData {
    private static final String BASE = "/org/bridgeway/reference/";

    private final Map<String, LocalAuthority> byDfe = new LinkedHashMap<>();
    private final Map<String, LocalAuthority> byGss = new LinkedHashMap<>();
    private final Map<String, PoliceForce> forces = new LinkedHashMap<>();
    private final Map<String, HealthTeam> healthByArea = new LinkedHashMap<>();
    private final Map<String, HealthTeam> healthByOds = new LinkedHashMap<>();
    private final Map<String, List<LocalAuthority>> districts = new LinkedHashMap<>();

    public ReferenceData(Collection<PoliceForce> policeForces, Collection<LocalAuthority> authorities,
                         Collection<HealthTeam> healthTeams, Map<String, List<GssCode>> postcodeDistricts) {
        policeForces.forEach(f -> putUnique(forces, f.code().value(), f, "police force"));
        for (LocalAuthority la : authorities) {
            if (!forces.containsKey(la.policeForce().value())) {
                throw new ReferenceDataException("local authority " + la.dfeCode() + " names unknown police force "
                        + la.policeForce());
            }
            putUnique(byDfe, la.dfeCode().value(), la, "local authority DfE code");
            putUnique(byGss, la.gssCode().value(), la, "local authority GSS code");
        }
        for (HealthTeam team : healthTeams) {
            if (!byDfe.containsKey(team.area().value())) {
                throw new ReferenceDataException("health team " + team.odsCode() + " names unknown area " + team.area());
            }
            putUnique(healthByArea, team.area().value(), team, "health team area");
            putUnique(healthByOds, team.odsCode().value(), team, "health team ODS code");
        }
        postcodeDistricts.forEach((district, codes) -> {
            List<LocalAuthority> las = new ArrayList<>();
            for (GssCode gss : codes) {
                LocalAuthority la = byGss.get(gss.value());
                if (la == null) {
                    throw new ReferenceDataException("postcode district " + district + " names unknown authority " + gss);
                }
                las.add(la);
            }
            putUnique(districts, district, List.copyOf(las), "postcode district");
        });
    }

    /** The tables shipped in this module under {@code org/bridgeway/reference/}. */
    public static ReferenceData shipped() {
        List<PoliceForce> forces = read("police-forces.csv", r -> new PoliceForce(
                PoliceForceCode.parse(r.get("code")), r.get("name"),
                r.get("pfa_gss_code").isBlank() ? Optional.empty() : Optional.of(GssCode.parse(r.get("pfa_gss_code")))));
        List<LocalAuthority> las = read("local-authorities.csv", r -> new LocalAuthority(
                DfeLaCode.parse(r.get("dfe_code")), GssCode.parse(r.get("gss_code")), r.get("name"),
                PoliceForceCode.parse(r.get("police_force"))));
        List<HealthTeam> health = read("health-teams.csv", r -> new HealthTeam(
                OdsCode.parse(r.get("ods_code")), r.get("name"), DfeLaCode.parse(r.get("dfe_la_code"))));
        Map<String, List<GssCode>> districts = new LinkedHashMap<>();
        read("postcode-districts.csv", r -> districts.put(r.get("district"),
                java.util.Arrays.stream(r.get("gss_codes").split(";")).map(String::trim).map(GssCode::parse).toList()));
        return new ReferenceData(forces, las, health, districts);
    }

    private static <T> List<T> read(String file, Function<CSVRecord, T> row) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setCommentMarker('#').setIgnoreEmptyLines(true).setTrim(true).get();
        try (InputStream in = ReferenceData.class.getResourceAsStream(BASE + file)) {
            if (in == null) {
                throw new ReferenceDataException("reference table missing from the classpath: " + file);
            }
            List<T> out = new ArrayList<>();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                for (CSVRecord r : format.parse(reader)) {
                    try {
                        out.add(row.apply(r));
                    } catch (IllegalArgumentException e) {
                        throw new ReferenceDataException(file + " line " + r.getParser().getCurrentLineNumber()
                                + ": " + e.getMessage());
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference table " + file, e);
        }
    }

    private static <T> void putUnique(Map<String, T> map, String key, T value, String what) {
        if (map.putIfAbsent(key, value) != null) {
            throw new ReferenceDataException("duplicate " + what + ": " + key);
        }
    }

    public Optional<LocalAuthority> localAuthority(DfeLaCode code) {
        return Optional.ofNullable(byDfe.get(code.value()));
    }

    public Optional<LocalAuthority> localAuthority(GssCode code) {
        return Optional.ofNullable(byGss.get(code.value()));
    }

    public Optional<PoliceForce> policeForce(PoliceForceCode code) {
        return Optional.ofNullable(forces.get(code.value()));
    }

    public Optional<HealthTeam> healthTeamFor(DfeLaCode area) {
        return Optional.ofNullable(healthByArea.get(area.value()));
    }

    public Optional<HealthTeam> healthTeam(OdsCode code) {
        return Optional.ofNullable(healthByOds.get(code.value()));
    }

    public Collection<LocalAuthority> localAuthorities() {
        return byDfe.values();
    }

    public Collection<PoliceForce> policeForces() {
        return forces.values();
    }

    public Collection<HealthTeam> healthTeams() {
        return healthByOds.values();
    }

    /** The authority of a postcode's district: found, spanning several authorities, or unknown. */
    public DistrictLookup lookup(Postcode postcode) {
        List<LocalAuthority> las = districts.get(postcode.district());
        if (las == null) {
            return new DistrictLookup.Unknown(postcode.district());
        }
        return las.size() == 1 ? new DistrictLookup.Found(las.get(0)) : new DistrictLookup.SpansAuthorities(las);
    }
}
