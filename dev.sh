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

case "${1:-}" in
    setup)
        setup ;;
    demo)
        setup
        "$VENV/bin/tlcriteria" check criteria examples/normandie
        "$VENV/bin/tlcriteria" score examples/normandie/places --criteria criteria ;;
    test)
        setup
        shift
        "$VENV/bin/python" -m pytest "$@" ;;
    bench)
        setup
        shift
        "$VENV/bin/python" bench/run.py "$@" ;;
    *)
        echo "usage: ./dev.sh demo | test [pytest args] | bench [args] | setup" >&2
        exit 2 ;;
esac
