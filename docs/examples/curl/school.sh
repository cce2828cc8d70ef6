#!/usr/bin/env bash
# A school's information system reports a suspension.
#   BRIDGEWAY_CLIENT   default school-118000
#   SCHOOL_URN         the school's URN, which must be the one its certificate names (default 118000)
# Prints: exchange <id>.
BRIDGEWAY_CLIENT="${BRIDGEWAY_CLIENT:-school-118000}"
SCHOOL_URN="${SCHOOL_URN:-118000}"
source "$(dirname "$0")/partner.sh"

# The sample is Exmoor Vale's; a school may send only its own exclusions (403 otherwise), so it becomes this one's.
body="$(mktemp)"
trap 'rm -f "$body"' EXIT
jq --arg urn "$SCHOOL_URN" '.school.urn = $urn' "$BRIDGEWAY_SAMPLES/exclusions/03-suspension.json" >"$body"
answer="$(post_json /api/v1/exclusions "$body")"
echo "exchange $(jq -r .exchangeId <<<"$answer") duplicate $(jq -r .duplicate <<<"$answer")"
