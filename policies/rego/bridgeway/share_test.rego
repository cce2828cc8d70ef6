# Unit tests for bridgeway.share: one or more per generic rule of policies/README.md.
#   opa test policies/rego -v
# Fixtures are small agreements in the shape of policies/agreements/*.yaml; the conformance vectors in
# policies/conformance/ run the real agreements (see policies/opa-checks.sh).
package bridgeway.share_test

import data.bridgeway.share

# ------------------------------------------------------------------------------------------------- fixtures

special := ["child.ethnicity", "placement.categoryOfNeed"]

police_entry := {
	"role": "police",
	"purpose": "Safeguard the child in the force area.",
	"lawfulBasis": {
		"article6": "UK GDPR Art 6(1)(e) public task",
		"part3Purpose": "DPA 2018 s.31 law enforcement purposes: prevention of crime",
		"legalGateway": "Children Act 2004 s.11",
	},
	"permittedFields": ["child.localId", "child.dateOfBirth", "placement.postcode", "risks"],
	"retention": "P2Y",
	"obligations": [
		"process only for the law enforcement purposes stated, under DPA 2018 Part 3",
		"record receipt of the notification",
	],
}

la_entry := {
	"role": "local-authority",
	"purpose": "Provide services in the host area.",
	"lawfulBasis": {
		"article6": "UK GDPR Art 6(1)(c) legal obligation",
		"article9": "UK GDPR Art 9(2)(g) substantial public interest",
		"schedule1Condition": "DPA 2018 Sch 1 Pt 2 para 18 safeguarding of children and individuals at risk",
		"legalGateway": "Care Planning, Placement and Case Review (England) Regulations 2010 reg 13(4)",
	},
	"permittedFields": ["child.localId", "child.dateOfBirth", "child.ethnicity", "placement.postcode", "risks"],
	"retention": "P6Y",
}

health_entry := {
	"role": "health",
	"purpose": "Arrange health assessments.",
	"lawfulBasis": {
		"article6": "UK GDPR Art 6(1)(c) legal obligation",
		"article9": "UK GDPR Art 9(2)(h) health or social care",
		"schedule1Condition": "DPA 2018 Sch 1 Pt 1 para 2 health or social care purposes",
		"legalGateway": "Care Planning, Placement and Case Review (England) Regulations 2010 reg 13(4)",
	},
	"permittedFields": ["child.localId", "child.nhsNumber", "child.ethnicity", "placement.categoryOfNeed"],
	"retention": "P6Y",
	"obligations": ["record in the health record only as needed"],
}

pn_2025 := {
	"id": "ISA-PN-2025",
	"version": "1.0",
	"title": "Placement notification",
	"exchangeType": "placement-notification",
	"validFrom": "2025-04-01",
	"validUntil": "2028-03-31",
	"reviewDate": "2027-03-31",
	"purposes": ["Tell the host area."],
	"legalGateways": ["Children Act 2004 s.11"],
	"specialCategoryFields": special,
	"obligations": [
		"record receipt of the notification",
		"do not onward-share without a further decision under an information sharing agreement",
	],
	"parties": {
		"senders": [{"role": "local-authority"}],
		"recipients": [police_entry, la_entry, health_entry],
	},
}

pn_2021 := {
	"id": "ISA-PN-2021",
	"version": "2.1",
	"title": "Placement notification (superseded)",
	"exchangeType": "placement-notification",
	"validFrom": "2021-04-01",
	"validUntil": "2024-03-31",
	"reviewDate": "2023-03-31",
	"purposes": ["Tell the host force."],
	"legalGateways": ["Children Act 2004 s.11"],
	"specialCategoryFields": special,
	"parties": {
		"senders": [{"role": "local-authority"}],
		"recipients": [object.union(police_entry, {"retention": "P1Y"})],
	},
}

# Only listed senders, and one police force that has not signed.
pn_orgs := object.union(pn_2025, {"parties": {
	"senders": [{"role": "local-authority", "organisations": ["local-authority:886", "local-authority:887"]}],
	"recipients": [object.union(police_entry, {"excludedOrganisations": ["police:unsigned"]})],
}})

fixtures := [pn_2021, pn_2025]

revision := "sha256:0123456789abcdef"

all_fields := [
	"child.localId", "child.nhsNumber", "child.dateOfBirth", "child.ethnicity",
	"placement.categoryOfNeed", "placement.postcode", "risks",
]

inp(recipient_id, recipient_role, fields, date) := {
	"exchangeType": "placement-notification",
	"sender": {"id": "local-authority:886", "role": "local-authority"},
	"recipient": {"id": recipient_id, "role": recipient_role},
	"fields": fields,
	"context": {},
	"decisionDate": date,
}

decide(i) := d if {
	d := share.decision with input as i with data.bridgeway.agreements as fixtures with data.bridgeway.revision as revision
}

decide_with(i, agreements) := d if {
	d := share.decision with input as i with data.bridgeway.agreements as agreements with data.bridgeway.revision as revision
}

has_reason(d, text) if {
	some r in d.reasons
	indexof(r, text) >= 0
}

is_denial(d, i) if {
	d.allow == false
	d.agreementId == null
	d.agreementVersion == null
	d.lawfulBasis == null
	d.permittedFields == []
	d.withheldFields == i.fields
	d.retention == null
	d.obligations == []
	d.policyRevision == revision
	count(d.reasons) > 0
}

# ----------------------------------------------------------------------------- allow, per recipient role

test_allow_police if {
	d := decide(inp("police:devon-and-cornwall", "police", all_fields, "2025-06-01"))
	d.allow == true
	d.agreementId == "ISA-PN-2025"
	d.agreementVersion == "1.0"
	d.permittedFields == ["child.localId", "child.dateOfBirth", "placement.postcode", "risks"]
	d.withheldFields == ["child.nhsNumber", "child.ethnicity", "placement.categoryOfNeed"]
	d.lawfulBasis == {
		"article6": "UK GDPR Art 6(1)(e) public task",
		"article9": null,
		"schedule1Condition": null,
		"part3Purpose": "DPA 2018 s.31 law enforcement purposes: prevention of crime",
		"legalGateway": "Children Act 2004 s.11",
	}
	d.retention == "P2Y"
	d.policyRevision == revision
	has_reason(d, "agreement ISA-PN-2025 version 1.0 (Placement notification) covers placement-notification from local-authority to police and is in force on 2025-06-01 (valid 2025-04-01 to 2028-03-31)")
	has_reason(d, "permitted for police under ISA-PN-2025: child.localId, child.dateOfBirth, placement.postcode, risks")
	has_reason(d, "lawful basis for disclosure to police: UK GDPR Art 6(1)(e) public task; legal gateway: Children Act 2004 s.11")
	has_reason(d, "the recipient processes the data under DPA 2018 Part 3, for DPA 2018 s.31")
	has_reason(d, "retain for P2Y from receipt")
}

test_allow_obligations_agreement_first_each_once if {
	d := decide(inp("police:kent", "police", ["child.localId"], "2025-06-01"))
	d.obligations == [
		"record receipt of the notification",
		"do not onward-share without a further decision under an information sharing agreement",
		"process only for the law enforcement purposes stated, under DPA 2018 Part 3",
	]
}

test_allow_local_authority_with_article9 if {
	d := decide(inp("local-authority:875", "local-authority", all_fields, "2025-06-01"))
	d.allow == true
	d.permittedFields == ["child.localId", "child.dateOfBirth", "child.ethnicity", "placement.postcode", "risks"]
	d.withheldFields == ["child.nhsNumber", "placement.categoryOfNeed"]
	d.lawfulBasis.article6 == "UK GDPR Art 6(1)(c) legal obligation"
	d.lawfulBasis.article9 == "UK GDPR Art 9(2)(g) substantial public interest"
	d.lawfulBasis.schedule1Condition == "DPA 2018 Sch 1 Pt 2 para 18 safeguarding of children and individuals at risk"
	d.lawfulBasis.part3Purpose == null
	d.retention == "P6Y"
	has_reason(d, "special category data disclosed (child.ethnicity) under UK GDPR Art 9(2)(g)")
	not has_reason(d, "DPA 2018 Part 3")
}

test_allow_health if {
	d := decide(inp("health:devon-icb", "health", all_fields, "2025-06-01"))
	d.allow == true
	d.permittedFields == ["child.localId", "child.nhsNumber", "child.ethnicity", "placement.categoryOfNeed"]
	d.withheldFields == ["child.dateOfBirth", "placement.postcode", "risks"]
	d.lawfulBasis.article9 == "UK GDPR Art 9(2)(h) health or social care"
	d.obligations == [
		"record receipt of the notification",
		"do not onward-share without a further decision under an information sharing agreement",
		"record in the health record only as needed",
	]
}

test_article9_only_when_special_category_disclosed if {
	d := decide(inp("local-authority:875", "local-authority", ["child.localId", "risks"], "2025-06-01"))
	d.allow == true
	d.lawfulBasis.article9 == null
	d.lawfulBasis.schedule1Condition == null
	not has_reason(d, "special category data disclosed")
}

test_legacy_agreement_applies_in_its_period if {
	d := decide(inp("police:kent", "police", ["child.localId"], "2023-01-10"))
	d.allow == true
	d.agreementId == "ISA-PN-2021"
	d.agreementVersion == "2.1"
	d.retention == "P1Y"
}

test_validity_is_inclusive if {
	decide(inp("police:kent", "police", ["child.localId"], "2025-04-01")).agreementId == "ISA-PN-2025"
	decide(inp("police:kent", "police", ["child.localId"], "2028-03-31")).agreementId == "ISA-PN-2025"
}

# ------------------------------------------------------------------------------------ minimisation (rule 5)

test_minimisation_withholds_unlisted_fields if {
	d := decide(inp("police:kent", "police", ["child.localId", "child.nhsNumber", "unknown.field"], "2025-06-01"))
	d.allow == true
	d.permittedFields == ["child.localId"]
	d.withheldFields == ["child.nhsNumber", "unknown.field"]
	has_reason(d, "withheld from police, not among the fields permitted for its purpose under ISA-PN-2025 (data minimisation): child.nhsNumber, unknown.field")
}

test_permitted_and_withheld_partition_the_input_in_order if {
	fields := ["risks", "child.ethnicity", "child.localId", "child.nhsNumber"]
	d := decide(inp("police:kent", "police", fields, "2025-06-01"))
	d.permittedFields == ["risks", "child.localId"]
	d.withheldFields == ["child.ethnicity", "child.nhsNumber"]
}

test_special_category_withheld_without_article9 if {
	d := decide(inp("police:kent", "police", ["child.localId", "child.ethnicity", "placement.categoryOfNeed"], "2025-06-01"))
	d.allow == true
	d.permittedFields == ["child.localId"]
	d.withheldFields == ["child.ethnicity", "placement.categoryOfNeed"]
	d.lawfulBasis.article9 == null
	has_reason(d, "withheld from police, special category data not permitted for this recipient under ISA-PN-2025: child.ethnicity, placement.categoryOfNeed")
}

test_special_category_withheld_even_if_listed_without_article9 if {
	# The loader refuses such an agreement; the rule still never discloses it.
	bad_police := object.union(police_entry, {"permittedFields": ["child.localId", "child.ethnicity"]})
	bad := object.union(pn_2025, {"parties": {"senders": [{"role": "local-authority"}], "recipients": [bad_police]}})
	d := decide_with(inp("police:kent", "police", ["child.localId", "child.ethnicity"], "2025-06-01"), [bad])
	d.permittedFields == ["child.localId"]
	d.withheldFields == ["child.ethnicity"]
}

test_nothing_permitted_denies if {
	i := inp("police:kent", "police", ["child.nhsNumber", "child.ethnicity"], "2025-06-01")
	d := decide(i)
	is_denial(d, i)
	has_reason(d, "agreement ISA-PN-2025 version 1.0")
	has_reason(d, "none of the fields present may be disclosed to police under ISA-PN-2025")
}

test_no_fields_denies if {
	i := inp("police:kent", "police", [], "2025-06-01")
	d := decide(i)
	is_denial(d, i)
	has_reason(d, "none of the fields present may be disclosed to police under ISA-PN-2025")
}

# ---------------------------------------------------------------------------------------- validity (rule 3)

test_expired if {
	i := inp("police:kent", "police", ["child.localId"], "2028-04-01")
	d := decide(i)
	is_denial(d, i)
	d.reasons == [
		"agreement ISA-PN-2021 version 2.1 expired on 2024-03-31",
		"agreement ISA-PN-2025 version 1.0 expired on 2028-03-31",
		"no information sharing agreement in force on 2028-04-01 covers placement-notification from local-authority to police",
	]
}

test_not_yet_valid if {
	i := inp("health:devon-icb", "health", ["child.localId"], "2024-06-01")
	d := decide(i)
	is_denial(d, i)
	d.reasons == [
		"agreement ISA-PN-2025 version 1.0 is not valid until 2025-04-01",
		"no information sharing agreement in force on 2024-06-01 covers placement-notification from local-authority to health",
	]
}

test_between_agreements if {
	i := inp("police:kent", "police", ["child.localId"], "2025-03-31")
	d := decide(i)
	is_denial(d, i)
	has_reason(d, "agreement ISA-PN-2021 version 2.1 expired on 2024-03-31")
	has_reason(d, "agreement ISA-PN-2025 version 1.0 is not valid until 2025-04-01")
}

# ----------------------------------------------------------------------------------- candidates (rule 2)

test_no_agreement_for_role if {
	i := inp("school:113456", "school", all_fields, "2025-06-01")
	d := decide(i)
	is_denial(d, i)
	d.reasons == ["no information sharing agreement covers placement-notification from local-authority to school"]
}

test_unknown_role if {
	i := inp("fire:devon", "fire", ["child.localId"], "2025-06-01")
	d := decide(i)
	is_denial(d, i)
	has_reason(d, "no information sharing agreement covers placement-notification from local-authority to fire")
}

test_unknown_exchange_type if {
	i := object.union(inp("police:kent", "police", ["child.localId"], "2025-06-01"), {"exchangeType": "school-exclusion"})
	d := decide(i)
	is_denial(d, i)
	has_reason(d, "no information sharing agreement covers school-exclusion from local-authority to police")
}

test_no_agreements_at_all if {
	i := inp("police:kent", "police", ["child.localId"], "2025-06-01")
	d := decide_with(i, [])
	is_denial(d, i)
	has_reason(d, "no information sharing agreement covers")
}

# ---------------------------------------------------------------------------------------- ids (rule 1)

test_recipient_id_role_mismatch if {
	i := inp("health:kent", "police", ["child.localId"], "2025-06-01")
	d := decide(i)
	is_denial(d, i)
	d.reasons == ["recipient id health:kent does not match its role police"]
}

test_sender_id_role_mismatch if {
	i := object.union(inp("police:kent", "police", ["child.localId"], "2025-06-01"),
		{"sender": {"id": "police:886", "role": "local-authority"}})
	d := decide(i)
	is_denial(d, i)
	d.reasons == ["sender id police:886 does not match its role local-authority"]
}

test_role_prefix_needs_the_colon if {
	i := inp("policekent", "police", ["child.localId"], "2025-06-01")
	is_denial(decide(i), i)
}

# ------------------------------------------------------------------------------------ organisations (rule 4)

test_excluded_organisation if {
	i := inp("police:unsigned", "police", ["child.localId"], "2025-06-01")
	d := decide_with(i, [pn_orgs])
	is_denial(d, i)
	has_reason(d, "recipient police:unsigned is excluded from agreement ISA-PN-2025")
}

test_sender_not_listed if {
	i := object.union(inp("police:kent", "police", ["child.localId"], "2025-06-01"),
		{"sender": {"id": "local-authority:999", "role": "local-authority"}})
	d := decide_with(i, [pn_orgs])
	is_denial(d, i)
	has_reason(d, "sender local-authority:999 is not listed as a local-authority party to agreement ISA-PN-2025")
}

test_listed_and_not_excluded_allowed if {
	d := decide_with(inp("police:kent", "police", ["child.localId"], "2025-06-01"), [pn_orgs])
	d.allow == true
	d.agreementId == "ISA-PN-2025"
}

# ---------------------------------------------------------------------------------------- default deny

test_default_deny_without_input if {
	d := share.decision with data.bridgeway.agreements as fixtures
	d.allow == false
	d.permittedFields == []
	count(d.reasons) == 1
}

test_revision_from_data if {
	decide(inp("police:kent", "police", ["child.localId"], "2025-06-01")).policyRevision == revision
	i := inp("school:1", "school", [], "2025-06-01")
	d := share.decision with input as i with data.bridgeway.agreements as fixtures
	d.policyRevision == null
}

# ------------------------------------------------------- rule 4b: onlyWhen conditions on a recipient entry

conditional_police := object.union(police_entry, {"onlyWhen": [
	{"field": "placement.postcode", "anyOf": ["PERM"]},
	{"field": "risks", "anyOf": ["CCE", "GANG"]},
	{"field": "child.nhsNumber", "present": true},
]})

pn_conditional := object.union(pn_2025, {"parties": {
	"senders": [{"role": "local-authority"}],
	"recipients": [conditional_police],
}})

inp_ctx(fields, ctx) := object.union(inp("police:kent", "police", fields, "2025-06-01"), {"context": ctx})

conditional_text := "disclosure to police under ISA-PN-2025 is conditional (when placement.postcode has one of the values PERM; or risks has one of the values CCE, GANG; or child.nhsNumber is present)"

test_condition_on_a_listed_value_allows if {
	d := decide_with(inp_ctx(["child.localId", "risks"], {"risks": "MISSING_HISTORY,GANG"}), [pn_conditional])
	d.allow == true
	d.permittedFields == ["child.localId", "risks"]
	has_reason(d, sprintf("%s, and this notice meets the condition", [conditional_text]))
}

test_condition_on_presence_allows if {
	d := decide_with(inp_ctx(["child.localId", "child.nhsNumber"], {}), [pn_conditional])
	d.allow == true
	d.permittedFields == ["child.localId"]
	d.withheldFields == ["child.nhsNumber"]
}

test_no_condition_holds_denies if {
	i := inp_ctx(["child.localId", "risks"], {"risks": "MISSING_HISTORY"})
	d := decide_with(i, [pn_conditional])
	is_denial(d, i)
	d.reasons[1] == sprintf("%s, and this notice meets no condition", [conditional_text])
	count(d.reasons) == 2
}

test_condition_values_match_whole_codes_only if {
	i := inp_ctx(["child.localId", "risks"], {"risks": "CCEX, GANGS"})
	d := decide_with(i, [pn_conditional])
	is_denial(d, i)
}

test_condition_values_are_read_from_the_context_only if {
	# a field named in the input but without its value in the context does not meet a value condition
	i := inp_ctx(["child.localId", "risks"], {})
	d := decide_with(i, [pn_conditional])
	is_denial(d, i)
}

test_condition_before_minimisation if {
	# a condition holds but nothing present may be disclosed: the minimisation denial, with the condition's reason
	i := inp_ctx(["child.nhsNumber", "child.ethnicity"], {})
	d := decide_with(i, [pn_conditional])
	is_denial(d, i)
	has_reason(d, "and this notice meets the condition")
	has_reason(d, "none of the fields present may be disclosed to police under ISA-PN-2025")
}

test_party_check_comes_before_conditions if {
	listed := object.union(pn_conditional, {"parties": {
		"senders": [{"role": "local-authority"}],
		"recipients": [object.union(conditional_police, {"organisations": ["police:durham"]})],
	}})
	i := inp_ctx(["child.localId"], {})
	d := decide_with(i, [listed])
	is_denial(d, i)
	has_reason(d, "recipient police:kent is not listed as a police party to agreement ISA-PN-2025")
	not has_reason(d, "conditional")
}

# ------------------------------------------- rule 2: recipient entries that serve only some relations

area_police := object.union(police_entry, {"relations": ["placement-area-force"]})

home_police := object.union(police_entry, {
	"relations": ["home-force"],
	"permittedFields": ["child.localId"],
	"retention": "P1Y",
})

pn_relations := object.union(pn_2025, {"parties": {
	"senders": [{"role": "local-authority"}],
	"recipients": [area_police, home_police, la_entry],
}})

inp_rel(recipient_id, role, relation, fields) := object.union(
	inp(recipient_id, role, fields, "2025-06-01"),
	{"recipient": {"id": recipient_id, "role": role, "relation": relation}},
)

test_the_entry_listing_the_relation_answers if {
	d := decide_with(inp_rel("police:kent", "police", "placement-area-force", all_fields), [pn_relations])
	d.allow == true
	d.permittedFields == ["child.localId", "child.dateOfBirth", "placement.postcode", "risks"]
	d.retention == "P2Y"
	has_reason(d, "covers placement-notification from local-authority to police as placement-area-force and is in force on 2025-06-01")
}

test_another_relation_gets_its_own_entry if {
	d := decide_with(inp_rel("police:kent", "police", "home-force", all_fields), [pn_relations])
	d.allow == true
	d.permittedFields == ["child.localId"]
	d.retention == "P1Y"
}

test_an_entry_listing_no_relations_serves_every_relation_and_none if {
	with_relation := decide_with(inp_rel("local-authority:352", "local-authority", "host-authority", all_fields), [pn_relations])
	with_relation.allow == true
	with_relation.agreementId == "ISA-PN-2025"
	without := decide_with(inp("local-authority:352", "local-authority", all_fields, "2025-06-01"), [pn_relations])
	without.permittedFields == with_relation.permittedFields
}

test_an_unlisted_relation_is_denied_saying_which_relations_are_served if {
	i := inp_rel("police:kent", "police", "school-area-force", all_fields)
	d := decide_with(i, [pn_relations])
	is_denial(d, i)
	d.reasons == [
		"agreement ISA-PN-2025 version 1.0 serves police recipients only as placement-area-force, home-force",
		"no information sharing agreement covers placement-notification from local-authority to police as school-area-force",
	]
}

test_an_entry_listing_relations_never_serves_a_recipient_in_none if {
	i := inp("police:kent", "police", all_fields, "2025-06-01")
	d := decide_with(i, [pn_relations])
	is_denial(d, i)
	d.reasons == [
		"agreement ISA-PN-2025 version 1.0 serves police recipients only as placement-area-force, home-force",
		"no information sharing agreement covers placement-notification from local-authority to police",
	]
}

test_an_agreement_without_relations_stays_a_candidate_for_any_relation if {
	# the superseded agreement (no relations) is a candidate too; validity then picks neither on this date
	i := object.union(inp_rel("police:kent", "police", "school-area-force", ["child.localId"]), {"decisionDate": "2028-04-01"})
	d := decide_with(i, [pn_2021, pn_relations])
	is_denial(d, i)
	d.reasons == [
		"agreement ISA-PN-2021 version 2.1 expired on 2024-03-31",
		"no information sharing agreement in force on 2028-04-01 covers placement-notification from local-authority to police as school-area-force",
	]
}
