#!/usr/bin/env bash
# A council's emergency duty team sees the custody handovers it was asked, acknowledges one and accepts it.
#   BRIDGEWAY_CLIENT   default local-authority-352-edt (Manchester's EDT)
#   HANDOVER_ID        the handover (default: the first open one the team was asked)
# Prints: handover <id>, acknowledged <state>, answered <state> owner <authority>.
BRIDGEWAY_CLIENT="${BRIDGEWAY_CLIENT:-local-authority-352-edt}"
source "$(dirname "$0")/partner.sh"
body="$(mktemp)"
trap 'rm -f "$body"' EXIT

if [ -z "${HANDOVER_ID:-}" ]; then
  HANDOVER_ID="$(api GET /api/v1/custody-handovers | jq -r '[.handovers[] | select(.state == "OPEN")][0].handoverId')"
fi
echo "handover $HANDOVER_ID"

jq "$(shifted_to_now .handover.acknowledgedAt)" \
   "$BRIDGEWAY_SAMPLES/custody-handover/2-south-gloucestershire-acknowledges.acknowledgement.json" >"$body"
ack="$(post_json "/api/v1/custody-handovers/$HANDOVER_ID/acknowledgement" "$body")"
echo "acknowledged $(jq -r .state <<<"$ack")"

jq "$(shifted_to_now .handover.decisionTime)" \
   "$BRIDGEWAY_SAMPLES/custody-handover/4-south-gloucestershire-accepts.answer.json" >"$body"
answer="$(post_json "/api/v1/custody-handovers/$HANDOVER_ID/answer" "$body")"
echo "answered $(jq -r .state <<<"$answer") owner $(jq -r .owner <<<"$answer")"
