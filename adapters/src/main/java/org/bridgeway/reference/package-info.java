/**
 * Who is who, and where: local authorities with their police force areas, police forces, registered health teams
 * and the postcode districts of each authority, in one immutable {@link org.bridgeway.reference.ReferenceData} built
 * from the tables shipped on the classpath ({@code shipped()}) and cross-checked when built, so that a broken table
 * fails at start ({@link org.bridgeway.reference.ReferenceDataException}) rather than in an exchange.
 *
 * <p>It answers lookups; it must not decide who is told (the pipeline's recipient rules ask it), read anything but
 * its shipped tables (no file system, network or database), keep a clock, or depend on anything of Bridgeway but the
 * model.
 */
package org.bridgeway.reference;
