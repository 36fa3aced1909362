#!/usr/bin/env bash
# One command: install, build, and serve the explorer.
#   bash scripts/app.sh             serves on the first free port from 4173 up
#   bash scripts/app.sh --port N    serves on port N (fails, saying so, if N is taken)
# PORT=N in the environment works like --port N.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${PORT:-}"
while [ "$#" -gt 0 ]; do
  case "$1" in
    --port) port="${2:-}"; shift 2 || { echo "app.sh: --port needs a number" >&2; exit 2; } ;;
    --port=*) port="${1#--port=}"; shift ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "app.sh: unknown option '$1' (try --port N)" >&2; exit 2 ;;
  esac
done
if [ -n "$port" ] && ! [[ "$port" =~ ^[0-9]+$ && "$port" -ge 1 && "$port" -le 65535 ]]; then
  echo "app.sh: the port must be a number from 1 to 65535, not '$port'" >&2
  exit 2
fi

# Whether nothing listens on localhost:$1 (the address vite preview binds).
port_free() {
  node -e "const s = require('node:net').createServer();
s.once('error', () => process.exit(1));
s.listen($1, 'localhost', () => s.close(() => process.exit(0)));"
}

# A port asked for is checked now, before the build, so a clash fails fast.
if [ -n "$port" ] && ! port_free "$port"; then
  echo "app.sh: port $port is in use (is losslab already serving there?); choose another with --port N" >&2
  exit 1
fi

bash scripts/setup.sh
export TURBO_TELEMETRY_DISABLED=1
pnpm turbo run build --filter @losslab/web...
# Otherwise the first free port, looked for after the build so it is still free when vite starts.
if [ -z "$port" ]; then
  port=4173
  while ! port_free "$port"; do
    port=$((port + 1))
    if [ "$port" -gt 4273 ]; then
      echo "app.sh: no free port from 4173 to 4273; choose one with --port N" >&2
      exit 1
    fi
  done
fi
cd apps/web
echo "losslab: serving the explorer at http://localhost:$port (Ctrl-C stops it)"
# The package's own vite binary: `pnpm exec` may try the network to check pnpm's version.
exec ./node_modules/.bin/vite preview --port "$port" --strictPort
