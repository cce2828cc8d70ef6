#!/usr/bin/env bash
# An auditor (or any party to an exchange) checks that an audit entry is in the gateway's log: it fetches the
# exchange's receipt, the latest signed tree head and an inclusion proof, and checks them with the Bridgeway
# verifier (gateway/verifier), which needs nothing from the gateway but its audit-signing certificate.
#   BRIDGEWAY_CLIENT   default local-authority-886 (a sender sees all the entries of its exchange)
#   EXCHANGE_ID        the exchange (required)
#   BRIDGEWAY_ORIGIN   the log's origin, bridgeway/<operator org id> (default bridgeway/local-authority:886)
#   BRIDGEWAY_VERIFIER the verifier command (default: java -jar gateway/verifier/target/bridgeway-verifier.jar)
# Prints the verifier's OK lines, then: verified.
BRIDGEWAY_CLIENT="${BRIDGEWAY_CLIENT:-local-authority-886}"
BRIDGEWAY_ORIGIN="${BRIDGEWAY_ORIGIN:-bridgeway/local-authority:886}"
source "$(dirname "$0")/partner.sh"
: "${EXCHANGE_ID:?give EXCHANGE_ID, the exchange whose entries to check}"
read -r -a verifier <<<"${BRIDGEWAY_VERIFIER:-java -jar gateway/verifier/target/bridgeway-verifier.jar}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The gateway's audit-signing certificate: in production, compare its fingerprint with the one the operator
# published before trusting it.
api GET /api/v1/audit/certificate -o "$work/audit-signing.pem"
api GET "/api/v1/exchanges/$EXCHANGE_ID/receipts" -o "$work/receipts.json"
leaf_hash="$(jq -r '.receipts[0].leafHash' "$work/receipts.json")"

# The latest signed head, and the proof that the receipt's entry is in the tree of that size.
api GET /api/v1/audit/tree-head -o "$work/tree-head.json"
jq -j .checkpoint "$work/tree-head.json" >"$work/checkpoint"
tree_size="$(jq -r .treeSize "$work/tree-head.json")"
api GET "/api/v1/audit/proof/inclusion?leafHash=$leaf_hash&treeSize=$tree_size" -o "$work/proof.json"
echo "tree-head size $tree_size, entry $(jq -r .index "$work/proof.json")"

"${verifier[@]}" verify-receipt "$work/receipts.json" --cert "$work/audit-signing.pem" --origin "$BRIDGEWAY_ORIGIN"
"${verifier[@]}" verify-inclusion --leaf-hash "$leaf_hash" --checkpoint "$work/checkpoint" --proof "$work/proof.json" \
    --cert "$work/audit-signing.pem" --origin "$BRIDGEWAY_ORIGIN"
echo verified
