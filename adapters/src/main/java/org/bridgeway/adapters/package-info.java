/**
 * Translations between partners' native formats and the canonical model, one subpackage per format: {@code ssda903}
 * (a council's SSDA903 return), {@code exclusion} (a school's exclusion notices), {@code json} (Bridgeway's JSON, and
 * the bounded reader of every JSON body) and {@code fhir} (FHIR R4 for health teams). Here: the contract of a
 * recipient format, {@link org.bridgeway.adapters.NoticeRenderer}, which renders a
 * {@link org.bridgeway.model.MinimisedNotice} and never the full notice, and {@link org.bridgeway.adapters.Digests}.
 *
 * <p>The adapters are pure: no Camel, HTTP, queue, database, file system, network, clock or logging; what they read
 * is handed in (bytes, text or a stream), and so is the date to judge by; the only resources are the shipped
 * reference tables. Readers bound what they take (size, nesting, element counts, errors listed) and report every
 * problem by where it is (file, row or record, field) and rule, never repeating a rejected value. Each format is
 * tested against golden files.
 */
package org.bridgeway.adapters;
