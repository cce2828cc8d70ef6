# Sourced by every role script: who this partner is and how it reaches the gateway. Not run on its own.
#
#   BRIDGEWAY_URL            the gateway (default https://127.0.0.1:8080)
#   BRIDGEWAY_PKI            a development PKI folder as `./bridgeway certs-dev` writes it (default certs-dev/out)
#   BRIDGEWAY_CLIENT         the client certificate's name in it, e.g. police-kent (each script has its default)
#   BRIDGEWAY_CERT           or your own PKCS#12 (key and chain), with its password in BRIDGEWAY_CERT_PASSWORD
#   BRIDGEWAY_CA             the root CA that signed the gateway's server certificate (default $BRIDGEWAY_PKI/root-ca.pem)
#   BRIDGEWAY_TOKEN          an access token, when the gateway checks tokens (sent as Authorization: Bearer)
#   BRIDGEWAY_SAMPLES        the synthetic request bodies (default: samples/ of this repository)
set -euo pipefail

examples_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BRIDGEWAY_URL="${BRIDGEWAY_URL:-https://127.0.0.1:8080}"
BRIDGEWAY_PKI="${BRIDGEWAY_PKI:-certs-dev/out}"
BRIDGEWAY_SAMPLES="${BRIDGEWAY_SAMPLES:-$examples_dir/../../../samples}"
BRIDGEWAY_CERT="${BRIDGEWAY_CERT:-$BRIDGEWAY_PKI/clients/$BRIDGEWAY_CLIENT.p12}"
BRIDGEWAY_CA="${BRIDGEWAY_CA:-$BRIDGEWAY_PKI/root-ca.pem}"
if [ -z "${BRIDGEWAY_CERT_PASSWORD:-}" ]; then
  # The development PKI keeps its store passwords in passwords.properties, keyed by the store's path.
  BRIDGEWAY_CERT_PASSWORD="$(grep "^clients/$BRIDGEWAY_CLIENT.p12=" "$BRIDGEWAY_PKI/passwords.properties" | cut -d= -f2-)"
fi

# api METHOD PATH [curl options...]: one call over mutual TLS; prints the body, fails (exit 22) on a 4xx or 5xx
# after printing the problem+json answer. The password goes to curl in a config on a pipe, never on its command line.
api() {
  local method="$1" path="$2"
  shift 2
  local auth=()
  if [ -n "${BRIDGEWAY_TOKEN:-}" ]; then
    auth=(-H "Authorization: Bearer $BRIDGEWAY_TOKEN")
  fi
  curl -sS --fail-with-body --max-time 30 -X "$method" --cacert "$BRIDGEWAY_CA" \
       -K <(printf 'cert = "%s:%s"\ncert-type = "P12"\n' "$BRIDGEWAY_CERT" "$BRIDGEWAY_CERT_PASSWORD") \
       ${auth[@]+"${auth[@]}"} "$@" "$BRIDGEWAY_URL$path"
}

# post_json PATH FILE: sends a JSON body; prints the answer.
post_json() {
  api POST "$1" -H 'Content-Type: application/json' --data-binary "@$2"
}

# shifted_to_now FIELD: a jq program moving every ISO-8601 instant of a sample by the same amount, so that FIELD is
# a few seconds ago. The custody samples are a night in December 2026; the gateway refuses times in the future.
shifted_to_now() {
  local instant='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
  printf 'def shift($by): walk(if type == "string" and test("%s") then fromdateiso8601 + $by | todate else . end);
    ((now | floor) - 5 - (%s | fromdateiso8601)) as $by | shift($by)' "$instant" "$1"
}
