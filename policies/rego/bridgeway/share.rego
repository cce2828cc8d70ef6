# Bridgeway information-sharing decision (Rego v1, OPA 1.x).
#
# One question per (notice, recipient): may this be shared, on what lawful basis, and which fields?
#
#   input  = PolicyInput.toJson():
#            {"exchangeType", "sender": {"id", "role"}, "recipient": {"id", "role", "relation"?}, "fields": [...],
#             "context": {...}, "decisionDate": "YYYY-MM-DD"}
#            (the recipient's relation to the notice, e.g. "handling-force", when the gateway resolved it)
#   data.bridgeway.agreements = the information sharing agreements (policies/agreements/*.yaml as JSON), in
#                               file-name order
#   data.bridgeway.revision   = the policy revision (EmbeddedDecisionPoint.revision() of the same set)
#
#   data.bridgeway.share.decision = PolicyDecision.toJson():
#            {"allow", "agreementId", "agreementVersion",
#             "lawfulBasis": {"article6", "article9", "schedule1Condition", "part3Purpose", "legalGateway"} | null,
#             "permittedFields", "withheldFields", "retention", "obligations", "reasons", "policyRevision"}
#
# The rules are the generic rules of policies/README.md, step for step as EmbeddedDecisionPoint implements them,
# with the same reason texts; policies/conformance/ holds both engines to them. Nothing here names an agreement,
# an organisation or a field: all of that is data. Default is deny.
package bridgeway.share

# ------------------------------------------------------------------------------------------------- the decision

# Fallback only: reached when the input is not a policy input at all (e.g. no input document). Default rule values
# cannot refer to the input, so it withholds nothing it could name; every well-formed input gets `denial` below,
# which withholds every field present.
default decision := {
	"allow": false,
	"agreementId": null,
	"agreementVersion": null,
	"lawfulBasis": null,
	"permittedFields": [],
	"withheldFields": [],
	"retention": null,
	"obligations": [],
	"reasons": ["default deny: the input is not a Bridgeway policy input (exchangeType, sender, recipient, fields, decisionDate)"],
	"policyRevision": null,
}

decision := allowed_decision if allowed

decision := denial if not allowed

# A denial permits nothing and withholds every field present.
denial := {
	"allow": false,
	"agreementId": null,
	"agreementVersion": null,
	"lawfulBasis": null,
	"permittedFields": [],
	"withheldFields": present_fields,
	"retention": null,
	"obligations": [],
	"reasons": deny_reasons,
	"policyRevision": policy_revision,
}

allowed_decision := {
	"allow": true,
	"agreementId": agreement.id,
	"agreementVersion": agreement.version,
	"lawfulBasis": lawful_basis,
	"permittedFields": permitted,
	"withheldFields": withheld,
	"retention": recipient_entry.retention,
	"obligations": obligations,
	"reasons": flatten([[in_force_reason], condition_reasons, field_reasons, basis_reasons]),
	"policyRevision": policy_revision,
}

# Every rule passed: the ids match the roles, an agreement is in force, both parties are parties to it, a
# condition on the recipient (if any) holds, and at least one field present may be disclosed.
allowed if {
	count(id_reasons) == 0
	count(party_reasons) == 0
	condition_met
	count(permitted) > 0
}

# Why the answer is deny: the first rule that failed, with the reasons the embedded engine gives.
default deny_reasons := ["default deny: no rule allowed this exchange"]

# Rule 1 failed.
deny_reasons := id_reasons if count(id_reasons) > 0

# Rule 2 failed: first, of each agreement whose entries for the role serve only other relations, which ones.
deny_reasons := array.concat(
	relation_reasons,
	[sprintf("no information sharing agreement covers %s", [route])],
) if {
	count(id_reasons) == 0
	count(candidates) == 0
}

# Rule 3 failed.
deny_reasons := array.concat(
	validity_reasons,
	[sprintf("no information sharing agreement in force on %s covers %s", [input.decisionDate, route])],
) if {
	count(id_reasons) == 0
	count(candidates) > 0
	count(in_force) == 0
}

# Rule 4 failed.
deny_reasons := array.concat([in_force_reason], party_reasons) if {
	count(id_reasons) == 0
	count(party_reasons) > 0
}

# Rule 4b failed: the recipient is told only when a condition holds, and none does.
deny_reasons := [in_force_reason, sprintf("%s, and this notice meets no condition", [conditional])] if {
	count(id_reasons) == 0
	count(party_reasons) == 0
	not condition_met
}

# Rule 5 failed: nothing present may be disclosed.
deny_reasons := flatten([
	[in_force_reason],
	condition_reasons,
	field_reasons,
	[sprintf("none of the fields present may be disclosed to %s under %s", [input.recipient.role, agreement.id])],
]) if {
	count(id_reasons) == 0
	count(party_reasons) == 0
	condition_met
	count(permitted) == 0
}

default policy_revision := null

policy_revision := data.bridgeway.revision

default agreements := []

agreements := data.bridgeway.agreements

present_fields := object.get(input, "fields", [])

# The recipient's relation, or null when it was asked about in none.
relation := object.get(input.recipient, "relation", null)

default relation_suffix := ""

relation_suffix := sprintf(" as %s", [relation]) if is_string(relation)

route := sprintf("%s from %s to %s%s", [
	input.exchangeType, input.sender.role, input.recipient.role, relation_suffix,
])

# ------------------------------------------------------------------- rule 1: the ids begin with "<role>:"

id_reasons := [msg |
	some side in ["sender", "recipient"]
	party := input[side]
	not startswith(party.id, sprintf("%s:", [party.role]))
	msg := sprintf("%s id %s does not match its role %s", [side, party.id, party.role])
]

# ------------------- rule 2: agreements for the exchange type, the sender's role and the recipient, by id

# An entry serves the recipient: of its role, and with its relation listed when the entry lists relations. An entry
# listing relations never serves a recipient asked about in none.
serves(r) if {
	r.role == input.recipient.role
	not r.relations
}

serves(r) if {
	r.role == input.recipient.role
	some x in r.relations
	x == relation
}

has_sender_entry(a) if {
	a.exchangeType == input.exchangeType
	some s in a.parties.senders
	s.role == input.sender.role
}

covers(a) if {
	has_sender_entry(a)
	some r in a.parties.recipients
	serves(r)
}

candidates := [a |
	some id in sort([x.id | some x in agreements; covers(x)])
	some a in agreements
	a.id == id
]

# An agreement with entries for the recipient's role, each limited to relations, none of them the recipient's.
serves_role_in_other_relations(a) if {
	has_sender_entry(a)
	some r in a.parties.recipients
	r.role == input.recipient.role
	not covers(a)
}

relation_reasons := [msg |
	some id in sort([x.id | some x in agreements; serves_role_in_other_relations(x)])
	some a in agreements
	a.id == id
	served := [x | some r in a.parties.recipients; r.role == input.recipient.role; some x in r.relations]
	msg := sprintf("agreement %s version %s serves %s recipients only as %s", [
		a.id, a.version, input.recipient.role, concat(", ", served),
	])
]

# -------------------------------------- rule 3: the candidate in force on the decision date (inclusive)

# ISO-8601 dates (YYYY-MM-DD) compare correctly as strings.
in_force := [a |
	some a in candidates
	a.validFrom <= input.decisionDate
	input.decisionDate <= a.validUntil
]

validity_reasons := [msg | some a in candidates; msg := validity_reason(a)]

validity_reason(a) := sprintf("agreement %s version %s expired on %s", [a.id, a.version, a.validUntil]) if {
	input.decisionDate > a.validUntil
}

validity_reason(a) := sprintf("agreement %s version %s is not valid until %s", [a.id, a.version, a.validFrom]) if {
	input.decisionDate <= a.validUntil
}

# Never more than one: the loader refuses overlapping agreements for the same exchange, roles and relation.
agreement := in_force[0]

# A sender role appears at most once per agreement, and at most one recipient entry serves a recipient (the loader
# refuses repeats and entries that could both apply).
sender_entry := s if {
	some s in agreement.parties.senders
	s.role == input.sender.role
}

recipient_entry := r if {
	some r in agreement.parties.recipients
	serves(r)
}

in_force_reason := sprintf("agreement %s version %s (%s) covers %s and is in force on %s (valid %s to %s)", [
	agreement.id, agreement.version, agreement.title, route, input.decisionDate,
	agreement.validFrom, agreement.validUntil,
])

# ----------------------------------------------- rule 4: listed organisations, excluded organisations

party_reasons := array.concat(
	party_check("sender", input.sender, sender_entry),
	party_check("recipient", input.recipient, recipient_entry),
)

party_check(side, party, entry) := array.concat(
	[msg |
		listed := object.get(entry, "organisations", [])
		count(listed) > 0
		not is_member(party.id, listed)
		msg := sprintf("%s %s is not listed as a %s party to agreement %s", [side, party.id, party.role, agreement.id])
	],
	[msg |
		is_member(party.id, object.get(entry, "excludedOrganisations", []))
		msg := sprintf("%s %s is excluded from agreement %s", [side, party.id, agreement.id])
	],
)

is_member(x, xs) if {
	some y in xs
	y == x
}

# ------------------------------------- rule 4b: the recipient entry's onlyWhen conditions (any one suffices)

conditions := object.get(recipient_entry, "onlyWhen", [])

condition_met if count(conditions) == 0

condition_met if {
	some c in conditions
	holds(c)
}

# A presence condition: the field is in the notice.
holds(c) if {
	c.present == true
	is_member(c.field, present_fields)
}

# A value condition: one of the field's values (comma-joined in the context, as the gateway gives policy facts) is
# listed.
holds(c) if {
	is_array(c.anyOf)
	value := object.get(object.get(input, "context", {}), c.field, null)
	is_string(value)
	some v in split(value, ",")
	is_member(trim_space(v), c.anyOf)
}

describe(c) := sprintf("%s is present", [c.field]) if c.present == true

describe(c) := sprintf("%s has one of the values %s", [c.field, concat(", ", c.anyOf)]) if is_array(c.anyOf)

conditional := sprintf("disclosure to %s under %s is conditional (when %s)", [
	input.recipient.role, agreement.id, concat("; or ", [describe(c) | some c in conditions]),
])

default condition_reasons := []

condition_reasons := [sprintf("%s, and this notice meets the condition", [conditional])] if {
	count(conditions) > 0
	condition_met
}

# ------------------------------ rule 5: permitted = present and permitted (special category only with Art 9)

special(f) if is_member(f, object.get(agreement, "specialCategoryFields", []))

has_article9 if is_string(object.get(recipient_entry.lawfulBasis, "article9", null))

permits(f) if {
	is_member(f, recipient_entry.permittedFields)
	not special(f)
}

permits(f) if {
	is_member(f, recipient_entry.permittedFields)
	has_article9
}

# In input order.
permitted := [f | some f in present_fields; permits(f)]

withheld := [f | some f in present_fields; not permits(f)]

withheld_special := [f | some f in withheld; special(f)]

withheld_other := [f | some f in withheld; not special(f)]

field_reasons := flatten([
	[msg |
		count(permitted) > 0
		msg := sprintf("permitted for %s under %s: %s", [input.recipient.role, agreement.id, concat(", ", permitted)])
	],
	[msg |
		count(withheld_special) > 0
		msg := sprintf(
			"withheld from %s, special category data not permitted for this recipient under %s: %s",
			[input.recipient.role, agreement.id, concat(", ", withheld_special)],
		)
	],
	[msg |
		count(withheld_other) > 0
		msg := sprintf(
			"withheld from %s, not among the fields permitted for its purpose under %s (data minimisation): %s",
			[input.recipient.role, agreement.id, concat(", ", withheld_other)],
		)
	],
])

# ------------------------------------------------------------------------- rule 6: what the allow carries

special_disclosed := [f | some f in permitted; special(f)]

entry_basis := recipient_entry.lawfulBasis

# Art 9 and its Schedule 1 condition only when a special-category field is actually disclosed.
default disclosed_article9 := null

disclosed_article9 := entry_basis.article9 if count(special_disclosed) > 0

default disclosed_schedule1 := null

disclosed_schedule1 := entry_basis.schedule1Condition if count(special_disclosed) > 0

part3_purpose := object.get(entry_basis, "part3Purpose", null)

lawful_basis := {
	"article6": entry_basis.article6,
	"article9": disclosed_article9,
	"schedule1Condition": disclosed_schedule1,
	"part3Purpose": part3_purpose,
	"legalGateway": entry_basis.legalGateway,
}

basis_reasons := flatten([
	[sprintf("lawful basis for disclosure to %s: %s; legal gateway: %s", [
		input.recipient.role, entry_basis.article6, entry_basis.legalGateway,
	])],
	[msg |
		count(special_disclosed) > 0
		msg := sprintf("special category data disclosed (%s) under %s and %s", [
			concat(", ", special_disclosed), disclosed_article9, disclosed_schedule1,
		])
	],
	[msg |
		is_string(part3_purpose)
		msg := sprintf("the recipient processes the data under DPA 2018 Part 3, for %s", [part3_purpose])
	],
	[sprintf("retain for %s from receipt", [recipient_entry.retention])],
])

# The agreement's obligations followed by the entry's, each once.
all_obligations := array.concat(
	object.get(agreement, "obligations", []),
	object.get(recipient_entry, "obligations", []),
)

obligations := [o | some i, o in all_obligations; not seen_before(all_obligations, i, o)]

seen_before(xs, i, x) if {
	some j, y in xs
	j < i
	y == x
}

# ---------------------------------------------------------------------------------------------------- helpers

flatten(parts) := [x | some part in parts; some x in part]
