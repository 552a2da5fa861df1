#!/usr/bin/env bash
# Headless Chromium for the PDF reports and the browser tests, with fonts that cover Vietnamese and poppler's
# pdftotext for reading PDFs back in tests.
#
#   scripts/chromium.sh ensure     install Debian's chromium, fonts-noto-core, fonts-dejavu-core and poppler-utils
#                                  with apt-get when any is missing (idempotent; quiet when all are there)
#   scripts/chromium.sh path       print the Chromium executable the product would use
#
# The product looks for Chromium in $CHROMIUM_PATH, then chromium / chromium-browser / google-chrome on PATH.
set -euo pipefail

log() { echo "chromium.sh: $*" >&2; }
die() { log "$*"; exit 1; }

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

executable() {
  if [[ -n ${CHROMIUM_PATH:-} && -x ${CHROMIUM_PATH} ]]; then echo "$CHROMIUM_PATH"; return; fi
  local name
  for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  done
  return 1
}

# A package counts as present when dpkg says it is installed (fonts have no command to look for).
missing_packages() {
  local pkg
  for pkg in chromium fonts-noto-core fonts-dejavu-core poppler-utils; do
    if [[ $pkg == chromium ]] && executable >/dev/null; then continue; fi
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
  done
}

ensure() {
  local missing
  missing=$(missing_packages | tr '\n' ' ')
  [[ -z ${missing// /} ]] && return
  command -v apt-get >/dev/null 2>&1 || die "missing: $missing and apt-get is not available; install them (Chromium, Noto and DejaVu fonts, poppler-utils)"
  log "installing $missing"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2
  # shellcheck disable=SC2086
  as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null || die "apt-get install $missing failed"
  executable >/dev/null || die "no chromium on PATH after installing the chromium package"
  command -v pdftotext >/dev/null 2>&1 || die "no pdftotext on PATH after installing poppler-utils"
  log "$("$(executable)" --version 2>/dev/null | head -n1)"
}

case ${1:-} in
  ensure) ensure ;;
  path) executable || die "no Chromium found (set CHROMIUM_PATH or run: $0 ensure)" ;;
  *) die "usage: $0 ensure|path" ;;
esac
