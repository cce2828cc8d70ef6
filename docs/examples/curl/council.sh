#!/usr/bin/env bash
# A council's case-management system notifies a placement, then reads its receipts.
#   BRIDGEWAY_CLIENT   default local-authority-886 (Kent County Council)
# Prints: exchange <id>, then receipts <count> <first leaf hash>.
BRIDGEWAY_CLIENT="${BRIDGEWAY_CLIENT:-local-authority-886}"
source "$(dirname "$0")/partner.sh"

answer="$(post_json /api/v1/placements "$BRIDGEWAY_SAMPLES/placements/01-emergency-placement-manchester.json")"
exchange_id="$(jq -r .exchangeId <<<"$answer")"
echo "exchange $exchange_id duplicate $(jq -r .duplicate <<<"$answer")"

# The receipts: every audit entry of the exchange, each with its inclusion proof under a signed tree head.
receipts="$(api GET "/api/v1/exchanges/$exchange_id/receipts")"
echo "receipts $(jq '.receipts | length' <<<"$receipts") $(jq -r '.receipts[0].leafHash' <<<"$receipts")"
