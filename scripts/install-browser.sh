#!/usr/bin/env bash
# Installs Debian's Chromium and CJK fonts for the report and PDF tests (no browser download
# from elsewhere).  The PDF tests print with two CJK fonts that Chromium embeds differently:
# WenQuanYi Zen Hei (TrueType: CID Identity-H with ToUnicode) and Noto CJK (Type 3).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "noto.*cjk" \
    && fc-list 2>/dev/null | grep -qi "wenquanyi zen hei"; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk fonts-wqy-zenhei fontconfig >/dev/null
