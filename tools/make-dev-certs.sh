#!/usr/bin/env bash
# Makes a development CA and one certificate per node for RealName's remoting mutual TLS.
#   tools/make-dev-certs.sh OUT_DIR [NODE_NAME...]     (default nodes: node-a node-b node-c)
# Writes into OUT_DIR: ca.crt (give every node as RealName:Remoting:Tls:CaCertificatePath),
# ca.key (keep it away from the nodes), password.txt (the PKCS#12 password, RealName:Remoting:Tls:PasswordFile)
# and, per node, NODE.pfx (RealName:Remoting:Tls:CertificatePath) plus NODE.crt / NODE.key (PEM).
# Each node certificate has the node name as CN and DNS name, and both serverAuth and clientAuth
# (a node is the TLS server of inbound and the client of outbound connections).
# An existing ca.key/ca.crt in OUT_DIR is reused, so nodes can be added later. For development and tests only.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [NODE_NAME...]" >&2; exit 2; }
out=$1
shift
nodes=("$@")
[ ${#nodes[@]} -gt 0 ] || nodes=(node-a node-b node-c)
command -v openssl >/dev/null || { echo "openssl is required (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$out"
umask 077

if [ ! -f "$out/ca.key" ] || [ ! -f "$out/ca.crt" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 825 \
    -subj "/O=RealName dev/CN=RealName dev cluster CA $(openssl rand -hex 4)" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$out/ca.key" -out "$out/ca.crt" 2>/dev/null
fi
[ -f "$out/password.txt" ] || openssl rand -hex 16 > "$out/password.txt"

for node in "${nodes[@]}"; do
  ext=$(mktemp)
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyAgreement" \
    "extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=DNS:$node,DNS:localhost,IP:127.0.0.1" > "$ext"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/O=RealName dev/CN=$node" \
    -keyout "$out/$node.key" -out "$out/$node.csr" 2>/dev/null
  openssl x509 -req -in "$out/$node.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial -sha256 -days 825 \
    -extfile "$ext" -out "$out/$node.crt" 2>/dev/null
  openssl pkcs12 -export -inkey "$out/$node.key" -in "$out/$node.crt" -certfile "$out/ca.crt" -name "$node" \
    -passout "file:$out/password.txt" -out "$out/$node.pfx"
  rm -f "$out/$node.csr" "$ext"
done
rm -f "$out/ca.srl"
# The files must be readable by the node's user (the container runs as a non-root user).
chmod 644 "$out"/*.crt "$out"/*.pfx "$out/password.txt"
echo "CA and certificates for ${nodes[*]} in $out"
