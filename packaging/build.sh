#!/usr/bin/env bash
# Build the one-folder bundle from the lock file: build/dist/fbdesk/{fbdesk,fbdesk-cli,...}
# (and build/dist/fbdesk.app on macOS). Prints the build time and the bundle's size.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
uv run --locked --group packaging pyinstaller --noconfirm --clean --log-level WARN \
  --distpath build/dist --workpath build/work packaging/fbdesk.spec
end=$(date +%s)
size=$(du -sm build/dist/fbdesk | cut -f1)
echo "bundle built in $((end - start)) s: build/dist/fbdesk, ${size} MB"
