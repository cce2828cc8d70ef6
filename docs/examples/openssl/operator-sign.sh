#!/usr/bin/env bash
# The gateway operator's side: issues a partner's client certificate from its CSR with the partner CA, to the
# profile the gateway requires (org.bridgeway.transport.PartnerCertificate). The operator decides the
# organisation id from the partner's registration, never from the CSR: the CSR's own extensions are not copied.
#
#   operator-sign.sh CSR ORG_ID CA_CERT CA_KEY CA_CHAIN OUT_CHAIN [DAYS]
#       CA_CHAIN: the partner CA's certificate and those above it up to the root (PEM), appended to the new one.
#       Writes OUT_CHAIN: the partner's certificate, then CA_CHAIN. Default validity 730 days.
set -euo pipefail
csr="$1" org="$2" ca_cert="$3" ca_key="$4" ca_chain="$5" out="$6" days="${7:-730}"

openssl req -in "$csr" -noout -verify >/dev/null 2>&1 || { echo "the CSR's signature does not verify" >&2; exit 1; }
subject="$(openssl req -in "$csr" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')"
cn="$(sed -n 's/^CN=\([^,]*\).*/\1/p' <<<"$subject")"
if [ "$cn" != "$org" ] && [[ "$cn" != "$org/"* ]]; then
  echo "the CSR's CN ($cn) is not $org or $org/<system>: the gateway would refuse it (identity-mismatch)" >&2
  exit 1
fi

profile="$(mktemp)"
cert="$(mktemp)"
trap 'rm -f "$profile" "$cert"' EXIT
cat >"$profile" <<PROFILE
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = URI:urn:bridgeway:org:$org
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
PROFILE
openssl x509 -req -in "$csr" -CA "$ca_cert" -CAkey "$ca_key" -set_serial "0x$(openssl rand -hex 16)" \
    -days "$days" -sha256 -extfile "$profile" -out "$cert"
cat "$cert" "$ca_chain" >"$out"
echo "issued $subject, SHA-256 $(openssl x509 -in "$cert" -noout -fingerprint -sha256 | cut -d= -f2)"
