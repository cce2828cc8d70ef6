/**
 * Exclusion notices from schools: {@link org.bridgeway.adapters.exclusion.ExclusionXmlReader} for the XML a
 * school's information system sends (its shape, Bridgeway's own reading in the style of the Common Transfer File,
 * is in that class), and {@link org.bridgeway.adapters.exclusion.ExclusionJsonReader} for the JSON body of the
 * exclusion endpoint. Both hand each notice to the same checks, so a notice is judged the same whichever way it
 * came, and the same exclusion gets the same idempotency key.
 *
 * <p>Rule ids in errors, by where they come from:
 * <ul>
 *   <li>the document: {@code xml.too-large}, {@code xml.empty}, {@code xml.encoding}, {@code xml.doctype},
 *       {@code xml.malformed}, {@code xml.too-deep}, {@code xml.too-many-elements}, {@code xml.root},
 *       {@code xml.header.missing}, {@code xml.data.missing}; {@code body.empty}, {@code body.too-large},
 *       {@code json.malformed}, {@code json.not-object};</li>
 *   <li>the structure: {@code xml.element.unknown}, {@code xml.element.repeated}, {@code xml.element.not-text},
 *       {@code xml.text.stray}, {@code xml.pupil.no-exclusion}; {@code json.unknown-field}, {@code json.type};</li>
 *   <li>a field's text: {@code value.required}, {@code date.format}, {@code date.not-a-date},
 *       {@code number.whole}, {@code number.half-days};</li>
 *   <li>a value type: {@code school-urn.format}, {@code la-code.format}, {@code la-code.range},
 *       {@code upn.format}, {@code upn.check-letter}, {@code exclusion-category.code},
 *       {@code exclusion-reason.code};</li>
 *   <li>the notice: {@link org.bridgeway.model.ExclusionNotice.Rules}.</li>
 * </ul>
 */
package org.bridgeway.adapters.exclusion;
