#!/usr/bin/env bash
# One command: install everything (pnpm, Chromium, the Vulkan loader) and run
# every check: lint, typecheck, unit and property tests, GPU tests on Dawn
# (SwiftShader when there is no GPU), browser end-to-end tests, bench smoke.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-test-deps
export TURBO_TELEMETRY_DISABLED=1
# Dawn finds no adapter without a Vulkan driver; SwiftShader ships with Chromium.
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ]; then
  export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
fi
pnpm exec biome check .
pnpm turbo run build
pnpm turbo run typecheck
# One package at a time: the machines this runs on have two cores.
pnpm turbo run test --concurrency=1
pnpm turbo run e2e --concurrency=1
