#!/usr/bin/env bash
# OPA checks for CI (called by .ci/run): the Rego unit tests, then the conformance vectors against a real OPA server
# loaded with a bundle of policies/. Needs an `opa` binary on the PATH; without one it says so on one line and
# exits 0 (the embedded engine's conformance run in `mvn verify` still covers the vectors).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v opa >/dev/null 2>&1; then
  echo "opa-checks: SKIPPED: no opa binary on the PATH (opa test and the OPA parity run need it)"
  exit 0
fi

echo "== opa-checks: opa version"
opa version | head -n 1

echo "== opa-checks: opa test policies/rego -v"
opa test policies/rego -v


work="$(mktemp -d)"
opa_pid=""
cleanup() {
  if [ -n "$opa_pid" ]; then
    kill "$opa_pid" 2>/dev/null || true
    wait "$opa_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== opa-checks: bundle"
./bridgeway policy bundle --out "$work/bundle"

# A free port: try random ones until nothing answers on it.
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    port=$candidate
    break
  fi
done
[ -n "$port" ] || { echo "opa-checks: no free port found"; exit 1; }

echo "== opa-checks: opa run --server --addr 127.0.0.1:$port --bundle <bundle>"
opa run --server --addr "127.0.0.1:$port" --bundle "$work/bundle" >"$work/opa.log" 2>&1 &
opa_pid=$!

url="http://127.0.0.1:$port"
ready=""
for _ in $(seq 1 100); do
  if curl -fsS "$url/health" >/dev/null 2>&1; then
    ready=yes
    break
  fi
  if ! kill -0 "$opa_pid" 2>/dev/null; then
    break
  fi
  sleep 0.2
done
if [ -z "$ready" ]; then
  echo "opa-checks: OPA did not start; its log:"
  cat "$work/opa.log"
  exit 1
fi

expected_revision="$(sed -n 's/.*"revision" *: *"\([^"]*\)".*/\1/p' "$work/bundle/.manifest" | head -n 1)"
served_revision="$(curl -fsS "$url/v1/data/bridgeway/revision")"
case "$served_revision" in
  *"\"$expected_revision\""*) echo "opa-checks: OPA serves policy revision $expected_revision" ;;
  *) echo "opa-checks: OPA serves revision $served_revision, the bundle has $expected_revision"; exit 1 ;;
esac

echo "== opa-checks: conformance vectors against OPA ($url)"
BRIDGEWAY_OPA_URL="$url" mvn -B -q -o -pl gateway -am test -Dtest=ConformanceVectorsTest \
  -Dsurefire.failIfNoSpecifiedTests=false

echo "opa-checks: passed"
