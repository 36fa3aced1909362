#!/usr/bin/env bash
# One command: install, build, and serve the explorer at http://localhost:4173
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export TURBO_TELEMETRY_DISABLED=1
pnpm turbo run build --filter @losslab/web...
echo "losslab: open http://localhost:4173"
exec pnpm --filter @losslab/web preview
