#!/usr/bin/env bash
# Build the desktop bundle (the script behind `make bundle`):
#   packaging/build.sh             -> dist/nnplayground/            (one folder: copy it, run nnplayground inside)
#   packaging/build.sh --onefile   -> dist/nnplayground-onefile     (one file; unpacks itself on each start)
# PYTHON selects the interpreter whose packages are frozen (default .venv/bin/python); it needs
# the project and PyInstaller installed (pip install -e ".[bundle]"; the Makefile does this).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
spec_args=()
output=dist/nnplayground
program=dist/nnplayground/nnplayground
for arg in "$@"; do
    case "$arg" in
        --onefile) spec_args=(-- --onefile); output=dist/nnplayground-onefile; program=$output ;;
        -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
    esac
done

if [ "$(uname -s)" = Linux ]; then
    # Qt's xcb platform plugin links these X11 client libraries. PyInstaller copies them from
    # this machine into the bundle, so they must be here for the bundle to open a window on a
    # desktop that lacks them (libxcb-cursor0 and libxcb-icccm4 are often missing).
    sh packaging/system-deps.sh libxcb-icccm.so.4 libxcb-keysyms.so.1 libxcb-cursor.so.0 \
        libxcb-image.so.0 libxcb-render-util.so.0 libxkbcommon-x11.so.0
fi

if ! "$PYTHON" -c 'import PyInstaller' 2>/dev/null; then
    echo "build.sh: PyInstaller is not installed for $PYTHON; run: $PYTHON -m pip install -e '.[bundle]'" >&2
    exit 1
fi

started=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
    --distpath dist --workpath build/pyinstaller \
    packaging/nnplayground.spec "${spec_args[@]}"
elapsed=$(($(date +%s) - started))
# PyInstaller may reuse an unchanged executable with its old time stamp; tests/packaging
# compares this time with the sources' to tell a stale bundle from a fresh one.
touch "$program"

echo "Built $output in ${elapsed} s: $(du -sh "$output" | cut -f1)"
echo "Run it: $program    Smoke-test it: make bundle-test"
