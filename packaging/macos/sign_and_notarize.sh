#!/usr/bin/env bash
# Sign the app and the disk image, notarize, and staple — only when the signing secrets are
# present (MACOS_SIGN_IDENTITY, APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD); otherwise says so
# and leaves the unsigned artefacts as they are.
set -euo pipefail
cd "$(dirname "$0")/../.."
dmg="${1:?usage: sign_and_notarize.sh build/installer/fbdesk-….dmg}"
if [ -z "${MACOS_SIGN_IDENTITY:-}" ] || [ -z "${APPLE_ID:-}" ]; then
  echo "no signing secrets: the app and the disk image stay unsigned"
  exit 0
fi
codesign --force --deep --options runtime --timestamp \
  --entitlements packaging/macos/entitlements.plist \
  --sign "$MACOS_SIGN_IDENTITY" build/dist/fbdesk.app
codesign --verify --deep --strict build/dist/fbdesk.app
codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$dmg"
xcrun notarytool submit "$dmg" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
  --password "$APPLE_APP_PASSWORD" --wait
xcrun stapler staple "$dmg"
echo "signed, notarized and stapled: $dmg"
