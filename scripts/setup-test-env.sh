#!/usr/bin/env bash
# Installs what the end-to-end (real VS Code) and browser tests need. Idempotent: a second run takes well under a second.
#  - Debian packages: chromium (driven by playwright-core), ripgrep (pre-seeds @vscode/ripgrep), libkrb5-dev
#    (code-server's kerberos module builds against it), fonts-dejavu-core (text in screenshots and PNG export).
#    apt-get runs only when one of them is missing, and needs root (CI runs as root).
#  - code-server (real VS Code 1.100.3 on Node 20) in tools/code-server/node_modules, from its own package-lock.json
#    with npm ci: kept out of the extension's dependencies and out of test/ (300 MB that no test scan should walk).
# README.md's testing section says what npm test installs. Nothing here downloads a browser or a VS Code build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CS=$ROOT/tools/code-server

# 1. Debian packages.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/rg ] || missing+=(ripgrep)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/krb5/krb5.h ] || missing+=(libkrb5-dev)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup-test-env: missing Debian packages: ${missing[*]}" >&2
        echo "setup-test-env: run as root, or: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
    echo "setup-test-env: apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. code-server, unless the installed copy matches the lock file.
lock_sum=$(sha256sum "$CS/package-lock.json" | cut -d' ' -f1)
stamp=$CS/node_modules/.topo-installed
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ] && [ -x "$CS/node_modules/.bin/code-server" ]; then
    exit 0
fi

# @vscode/ripgrep's postinstall (inside code-server's VS Code) downloads rg from GitHub, which is unreachable here:
# give it Debian's rg in the cache it looks in first. The names follow code-server 4.100.3's @vscode/ripgrep 1.15.11.
RG_PKG_VERSION=1.15.11
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
install_tmp=$CS/.tmp/install
rm -rf "$install_tmp"
mkdir -p "$install_tmp/vscode-ripgrep-cache-$RG_PKG_VERSION" "$install_tmp/rg"
cp /usr/bin/rg "$install_tmp/rg/rg"
tar -C "$install_tmp/rg" -czf "$install_tmp/vscode-ripgrep-cache-$RG_PKG_VERSION/$RG_ASSET" rg

echo "setup-test-env: installing code-server from tools/code-server/package-lock.json (takes a minute or two)"
started=$SECONDS
(
    cd "$CS"
    # TMPDIR: the ripgrep cache above, and no install debris outside the project.
    TMPDIR=$install_tmp npm_config_unsafe_perm=true npm_config_yes=true \
        npm ci --no-audit --no-fund --loglevel=error
)
[ -x "$CS/node_modules/.bin/code-server" ] || { echo "setup-test-env: code-server did not install" >&2; exit 1; }
echo "$lock_sum" >"$stamp"
rm -rf "$install_tmp"
echo "setup-test-env: code-server installed in $((SECONDS - started)) s"
