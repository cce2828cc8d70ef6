#!/usr/bin/env bash
# A police force reports a child missing, then asks for a child charged and refused bail to be moved to local
# authority accommodation (PACE s.38(6)).
#   BRIDGEWAY_CLIENT   default police-greater-manchester
#   SUITE_AUTHORITY    the authority the custody suite is in, in the force's area (default 352, Manchester)
# Prints: exchange <id> (the missing report), then handover <handover id> asked <authority codes>.
BRIDGEWAY_CLIENT="${BRIDGEWAY_CLIENT:-police-greater-manchester}"
SUITE_AUTHORITY="${SUITE_AUTHORITY:-352}"
source "$(dirname "$0")/partner.sh"
body="$(mktemp)"
trap 'rm -f "$body"' EXIT

missing="$(post_json /api/v1/missing-episodes "$BRIDGEWAY_SAMPLES/missing/1-reported-by-greater-manchester-police.json")"
echo "exchange $(jq -r .exchangeId <<<"$missing") duplicate $(jq -r .duplicate <<<"$missing")"

# The custody record reference makes a request unique (the same again is a duplicate), so each run gets its own.
jq --arg suite "$SUITE_AUTHORITY" --arg ref "ONBOARD/$(date +%s)" "$(shifted_to_now .transfer.requestTime)"' |
    .handover.suiteAuthority = $suite | .custody.reference = $ref' \
   "$BRIDGEWAY_SAMPLES/custody-handover/1-kai-charged-at-patchway.request.json" >"$body"
handover="$(post_json /api/v1/custody-handovers "$body")"
echo "handover $(jq -r .handoverId <<<"$handover") asked $(jq -r '[.askedAuthorities[].code] | join(",")' <<<"$handover")"
