#!/usr/bin/env bash
# One entry point for people and CI: ./dev.sh demo | test | bench | setup
# Needs only Python 3.11+; everything else is installed into .venv from the registries.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
VENV=.venv

setup() {
    if [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -m venv "$VENV"
    fi
    # pip >= 25.1 understands [dependency-groups] (--group).
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.1"
    local plugins=()
    for dir in plugins/*/; do
        [ -f "$dir/pyproject.toml" ] && plugins+=(-e "$dir")
    done
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e . "${plugins[@]}" --group dev
}

# The publish tests drive the HTML page in Debian's headless chromium.
# Installed when missing, only where we may (root, or sudo without a password);
# elsewhere the browser tests skip with the reason (and fail under CI=true).
ensure_browser() {
    if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
        return 0
    fi
    command -v apt-get >/dev/null || return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else return 0; fi
    fi
    echo "dev.sh: installing chromium and chromium-driver for the browser tests" >&2
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
}

# The signature tests sign and verify with OpenSSH's own ssh-keygen (and ssh-agent).
# Installed when missing, as the browser is; elsewhere those tests skip with the reason.
ensure_ssh() {
    if command -v ssh-keygen >/dev/null && command -v ssh-agent >/dev/null; then
        return 0
    fi
    command -v apt-get >/dev/null || return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else return 0; fi
    fi
    echo "dev.sh: installing openssh-client for the signature tests" >&2
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openssh-client >/dev/null
}

case "${1:-}" in
    setup)
        setup ;;
    demo)
        setup
        # The college plugins (installed by setup) supply criteria/; the network is rated with them.
        "$VENV/bin/tlcriteria" check criteria examples/normandie
        "$VENV/bin/tlcriteria" score examples/normandie/places --format table
        # Signed places and peer reviews: the Signature and Vérification columns.
        "$VENV/bin/tlcriteria" publish examples/normandie --format md --signers examples/normandie/signataires ;;
    test)
        setup
        ensure_browser
        ensure_ssh
        shift
        # Lint and types first: quick, and a failure there is as real as a failing test.
        "$VENV/bin/ruff" check --quiet src tests bench scripts plugins
        "$VENV/bin/ruff" format --check --quiet src tests bench scripts plugins
        "$VENV/bin/mypy"
        "$VENV/bin/python" -m pytest "$@" ;;
    bench)
        setup
        shift
        "$VENV/bin/python" bench/run.py "$@" ;;
    *)
        echo "usage: ./dev.sh demo | test [pytest args] | bench [args] | setup" >&2
        exit 2 ;;
esac
