#!/usr/bin/env bash
# Signs a callback body the way the app and the face provider must:
#   X-RealName-Signature: t=<unix s>,n=<nonce>,v1=<hex HMAC-SHA256(secret, t + "." + n + "." + body)>
# Usage: tools/sign.sh <secret> '<json body>'   → prints the header value.
set -euo pipefail
secret=${1:?usage: sign.sh <secret> <body>}
body=${2:?usage: sign.sh <secret> <body>}
t=$(date +%s)
n=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
mac=$(printf '%s.%s.%s' "$t" "$n" "$body" | openssl dgst -sha256 -hmac "$secret" -hex | sed 's/^.* //')
printf 't=%s,n=%s,v1=%s\n' "$t" "$n" "$mac"
