#!/usr/bin/env bash
# Installs what a fresh machine lacks: pnpm, and on Debian/Ubuntu the system
# packages the GPU and browser tests need (Chromium for Playwright, the Vulkan
# loader for Dawn's SwiftShader adapter). Then the workspace's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.21.0
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pnpm >/dev/null 2>&1; then
  echo "setup: installing pnpm@$PNPM_VERSION"
  if [ "$(id -u)" -eq 0 ] || [ -w "$(npm prefix -g)/lib" ]; then npm i -g "pnpm@$PNPM_VERSION"; else sudo npm i -g "pnpm@$PNPM_VERSION"; fi
fi

if [ "${1:-}" = "--with-test-deps" ] && command -v apt-get >/dev/null 2>&1; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1' || missing+=(libvulkan1)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: apt-get install ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
fi

export TURBO_TELEMETRY_DISABLED=1
# pnpm 12 cannot record the devEngines pin in the lockfile (it looks for a registry
# build of itself), so a frozen install always fails; the lockfile still pins every package.
pnpm install --no-frozen-lockfile
