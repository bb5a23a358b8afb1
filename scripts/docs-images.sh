#!/bin/sh
# Regenerates the pictures of Slack answers in docs/images/ from the real Block Kit the app sends:
# porthole preview writes each answer as HTML, headless Chromium (Debian package chromium) screenshots it.
# Usage: npm run docs:images
set -eu
cd "$(dirname "$0")/.."
chromium_bin=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium_bin" ]; then
  echo "docs-images: chromium is not installed (apt-get install chromium)" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shoot() { # name, height, question
  node dist/cli/bin.js preview "$3" --edition 2026-06-16-kube-samples-7057ed0 --out "$work/$1.html" 2>/dev/null
  "$chromium_bin" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/profile" \
    --window-size=960,"$2" --screenshot="docs/images/$1.png" "file://$work/$1.html" >/dev/null 2>&1
  echo "docs/images/$1.png: $3"
}

shoot slash-answer 1100 "private registry in jp-osa"
shoot long-answer 700 "everything in eu-de"
