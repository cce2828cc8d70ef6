#!/usr/bin/env bash
# A recipient's system drains its mailbox: lists what waits, fetches a message, acknowledges it (which removes it).
#   BRIDGEWAY_CLIENT   default police-greater-manchester
#   BRIDGEWAY_ORG      the organisation id of the mailbox (default police:greater-manchester)
#   EXCHANGE_ID        take the message of this exchange (default: the first waiting)
# Prints: waiting <count>, fetched <message id> <media type> (a FHIR Bundle for a health team: its resourceType and
# first entry), acknowledged <message id>.
BRIDGEWAY_CLIENT="${BRIDGEWAY_CLIENT:-police-greater-manchester}"
BRIDGEWAY_ORG="${BRIDGEWAY_ORG:-police:greater-manchester}"
source "$(dirname "$0")/partner.sh"
mailbox="/api/v1/mailboxes/$BRIDGEWAY_ORG/messages"

listing="$(api GET "$mailbox")"
echo "waiting $(jq '.messages | length' <<<"$listing")"
message_id="$(jq -r --arg x "${EXCHANGE_ID:-}" \
  '[.messages[] | select($x == "" or .exchangeId == $x)][0].messageId // empty' <<<"$listing")"
if [ -z "$message_id" ]; then
  echo "no message${EXCHANGE_ID:+ of exchange $EXCHANGE_ID} in $BRIDGEWAY_ORG's mailbox" >&2
  exit 1
fi

payload="$(mktemp)"
trap 'rm -f "$payload"' EXIT
media_type="$(api GET "$mailbox/$message_id" -o "$payload" -w '%{content_type}')"
echo "fetched $message_id $media_type"
if [[ "$media_type" == application/fhir+json* ]]; then
  jq -r '"bundle \(.resourceType) \(.type) \(.entry[0].resource.resourceType)"' "$payload"
fi

# Acknowledge only once the message is safely in your own system: the gateway then deletes its copy (audited).
api POST "$mailbox/$message_id/ack" -o /dev/null
echo "acknowledged $message_id"
