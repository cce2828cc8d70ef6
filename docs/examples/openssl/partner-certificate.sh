#!/usr/bin/env bash
# The partner's side of getting a Bridgeway client certificate. The private key is made here and never leaves.
#
#   partner-certificate.sh request ORG_ID "ORGANISATION NAME" [SYSTEM]
#       writes <name>.key (P-256, owner-only) and <name>.csr; send the CSR (only the CSR) to the gateway operator.
#       ORG_ID is your organisation id (police:kent, local-authority:886, school:118000, health:LAC887);
#       SYSTEM, if given, names one of several systems of yours (the subject CN becomes ORG_ID/SYSTEM);
#       "edt" is an emergency duty team's system, which the gateway tells apart by its OU.
#   partner-certificate.sh bundle NAME CHAIN.pem
#       once the operator returns your certificate with its chain: writes NAME.p12 (key and chain) for your
#       clients, protected by the password in BRIDGEWAY_CERT_PASSWORD.
# NAME is ORG_ID[/SYSTEM] with ':' and '/' as '-' (police-kent, local-authority-886-edt).
set -euo pipefail
umask 077

case "${1:-}" in
  request)
    org="${2:?give the organisation id}"
    organisation_name="${3:?give the organisation name}"
    system="${4:-}"
    type="${org%%:*}"
    cn="$org${system:+/$system}"
    ou="$type"
    if [ "$system" = edt ]; then ou=emergency-duty-team; fi
    name="$(tr ':/' '--' <<<"$cn")"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$name.key"
    # Subject: CN is the organisation id (or id/system), OU its type; the SAN URI names the organisation.
    openssl req -new -sha256 -key "$name.key" -out "$name.csr" \
        -subj "/O=$organisation_name/OU=$ou/CN=$cn" \
        -addext "subjectAltName=URI:urn:bridgeway:org:$org"
    echo "request $name.csr for $(openssl req -in "$name.csr" -noout -subject -nameopt RFC2253)"
    ;;
  bundle)
    name="${2:?give the name}"
    chain="${3:?give the chain the operator returned}"
    : "${BRIDGEWAY_CERT_PASSWORD:?set BRIDGEWAY_CERT_PASSWORD to the password for the PKCS#12 file}"
    openssl pkcs12 -export -inkey "$name.key" -in "$chain" -name "$name" -out "$name.p12" \
        -passout env:BRIDGEWAY_CERT_PASSWORD
    echo "bundle $name.p12"
    ;;
  *)
    echo "usage: $0 request ORG_ID \"ORGANISATION NAME\" [SYSTEM] | bundle NAME CHAIN.pem" >&2
    exit 2
    ;;
esac
