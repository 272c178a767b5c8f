#!/usr/bin/env bash
# One entry point for people and CI: ./dev.sh demo | test | bench | setup
# Needs only Python 3.11+; everything else is installed into .venv from the registries.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
VENV=.venv

# What the set-up depends on: the dependency files, this script and the Python version.
# Source code needs no reinstall (editable installs), so a change there keeps the digest.
setup_digest() {
    {
        "$PYTHON" -c 'import sys; print(sys.version)'
        cat dev.sh pyproject.toml plugins/*/pyproject.toml
    } | "$PYTHON" -c 'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())'
}

setup() {
    local digest
    digest=$(setup_digest)
    if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.setup-digest" 2>/dev/null)" = "$digest" ]; then
        return 0  # nothing it depends on changed since the last set-up
    fi
    echo "dev.sh: setting up $VENV (first run, or pyproject.toml, dev.sh or Python changed)" >&2
    rm -f "$VENV/.setup-digest"
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
    # Written last: an interrupted set-up is redone next time.
    echo "$digest" >"$VENV/.setup-digest"
}

# What the tests need from the system, installed from Debian's packages when missing,
# only where we may (root, or sudo without a password); elsewhere those tests skip
# with the reason (and fail under CI=true).
#   ensure_debian WHY COMMANDS... -- PACKAGES...
ensure_debian() {
    local why=$1 missing=0
    shift
    while [ "$1" != "--" ]; do
        command -v "$1" >/dev/null || missing=1
        shift
    done
    shift
    [ "$missing" -eq 1 ] || return 0
    command -v apt-get >/dev/null || return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else return 0; fi
    fi
    echo "dev.sh: installing $* for $why" >&2
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# One command of the demo, shown as typed, then its output.
demo_step() {
    echo "\$ tlcriteria $*"
    "$VENV/bin/tlcriteria" "$@"
}

case "${1:-}" in
    setup)
        rm -f "$VENV/.setup-digest"  # asked for explicitly: always reinstall
        setup ;;
    demo)
        setup
        # The college plugins (installed by setup) supply criteria/; the network is rated with them.
        # README.md shows this output (tests/test_readme.py compares them).
        demo_step check criteria examples/normandie
        echo
        demo_step score examples/normandie --format summary
        echo
        # Signed places and peer reviews: the Signature and Vérification columns.
        demo_step publish examples/normandie --format md --signers examples/normandie/signataires ;;
    test)
        setup
        # The publish tests drive the pages in headless chromium; the signature tests use OpenSSH's ssh-keygen.
        ensure_debian "the browser tests" chromium chromedriver -- chromium chromium-driver
        ensure_debian "the signature tests" ssh-keygen ssh-agent -- openssh-client
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
