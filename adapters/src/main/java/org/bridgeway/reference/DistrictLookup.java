package org.bridgeway.reference;

import java.util.List;

/** What the reference data says about the local authority of a postcode district. */
public sealed interface DistrictLookup {

    /** The district lies wholly in one authority. */
    record Found(LocalAuthority authority) implements DistrictLookup {
    }

    /** The district spans several authorities: the full postcode is needed to tell which. */
    record SpansAuthorities(List<LocalAuthority> authorities) implements DistrictLookup {
    }

    /** The district is not in the reference data (outside England, or not yet covered). */
    record Unknown(String district) implements DistrictLookup {
    }
}
