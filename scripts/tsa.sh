#!/usr/bin/env bash
# A real RFC 3161 time-stamping authority on loopback for tests and demos: OpenSSL's `ts -reply`
# behind a tiny HTTP shim (python3's standard http.server). The CA and the TSA certificate
# (extendedKeyUsage=critical,timeStamping) are made once per DIR with `openssl req`/`x509`.
#
#   scripts/tsa.sh start DIR PORT   starts it; prints the URL, then the CA file (PEM)
#   scripts/tsa.sh stop DIR         stops it
#   scripts/tsa.sh down DIR         the shim answers 503 (a TSA outage) ...
#   scripts/tsa.sh up DIR           ... until this
#
# Needs the Debian packages openssl and python3 (scripts/install-deps.sh installs them).
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start DIR PORT | stop DIR | down DIR | up DIR" >&2
  exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3

make_ca() {
  [ -f "$dir/ca.pem" ] && [ -f "$dir/tsa.crt" ] && return 0
  (
    cd "$dir"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
      -out ca.pem -days 3650 -subj "/CN=OneWindow Test TSA CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      2>/dev/null
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tsa.key \
      -out tsa.csr -subj "/CN=OneWindow Test TSA" 2>/dev/null
    printf '%s\n' "basicConstraints=critical,CA:FALSE" \
      "keyUsage=critical,digitalSignature,nonRepudiation" \
      "extendedKeyUsage=critical,timeStamping" >tsa.ext
    openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out tsa.crt \
      -days 3650 -extfile tsa.ext 2>/dev/null
    echo 01 >serial
    cat >tsa.cnf <<EOF
[ tsa ]
default_tsa = tsa_config1

[ tsa_config1 ]
dir = $dir
serial = \$dir/serial
crypto_device = builtin
signer_cert = \$dir/tsa.crt
signer_key = \$dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
other_policies = 1.3.6.1.4.1.99999.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
EOF
  )
}

write_shim() {
  cat >"$dir/shim.py" <<'EOF'
# The HTTP side of scripts/tsa.sh: POST an application/timestamp-query, get the reply of
# `openssl ts -reply`; 503 while the file DIR/down exists.
import http.server, os, subprocess, sys, tempfile

port, d = int(sys.argv[1]), sys.argv[2]

class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if os.path.exists(os.path.join(d, "down")):
            self.send_response(503); self.send_header("Content-Length", "0"); self.end_headers()
            return
        with tempfile.TemporaryDirectory(dir=d) as t:
            q, r = os.path.join(t, "q.tsq"), os.path.join(t, "r.tsr")
            with open(q, "wb") as f:
                f.write(body)
            p = subprocess.run(["openssl", "ts", "-reply", "-config", os.path.join(d, "tsa.cnf"),
                                "-queryfile", q, "-out", r], capture_output=True)
            if p.returncode != 0 or not os.path.exists(r):
                sys.stderr.write(p.stderr.decode(errors="replace"))
                self.send_response(400); self.send_header("Content-Length", "0"); self.end_headers()
                return
            with open(r, "rb") as f:
                reply = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, fmt, *args):
        sys.stderr.write("tsa: " + (fmt % args) + "\n")

http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
EOF
}

case "$cmd" in
  start)
    port=${3:?PORT required}
    command -v openssl >/dev/null || { echo "tsa.sh: openssl is missing" >&2; exit 3; }
    make_ca
    write_shim
    rm -f "$dir/down"
    if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      kill "$(cat "$dir/pid")" || true
      sleep 0.2
    fi
    nohup "$python" "$dir/shim.py" "$port" "$dir" >"$dir/shim.log" 2>&1 </dev/null &
    echo $! >"$dir/pid"
    for _ in $(seq 1 100); do
      if "$python" - "$port" <<'EOF' 2>/dev/null; then
import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.2).close()
EOF
        echo "http://127.0.0.1:$port/tsa"
        echo "$dir/ca.pem"
        exit 0
      fi
      sleep 0.1
    done
    echo "tsa.sh: the shim did not start; see $dir/shim.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$dir/pid" ]; then
      kill "$(cat "$dir/pid")" 2>/dev/null || true
      rm -f "$dir/pid"
    fi
    ;;
  down) touch "$dir/down" ;;
  up) rm -f "$dir/down" ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR | down DIR | up DIR" >&2
    exit 2
    ;;
esac
