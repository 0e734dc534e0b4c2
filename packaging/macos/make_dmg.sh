#!/usr/bin/env bash
# Make build/installer/fbdesk-VERSION-macos-ARCH.dmg from build/dist/fbdesk.app (macOS only).
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(python3 -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
arch=$(uname -m)
mkdir -p build/installer build/dmg
rm -rf build/dmg/*
cp -R build/dist/fbdesk.app build/dmg/
ln -s /Applications build/dmg/Applications
out="build/installer/fbdesk-${version}-macos-${arch}.dmg"
rm -f "$out"
hdiutil create -volname "fbdesk ${version}" -srcfolder build/dmg -ov -format UDZO "$out"
echo "$out"
