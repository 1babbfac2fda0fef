#!/usr/bin/env bash
# Set up KBPP on a fresh Debian/Ubuntu machine with Python 3.11+, then run it.
#   bash tools/bootstrap.sh demo   install, then start the app on the built-in demo database
#   bash tools/bootstrap.sh test   install, then run the whole test suite (what CI runs)
#   bash tools/bootstrap.sh bundle install, build the PyInstaller one-folder bundle, self-test it
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt needs these shared libraries; install only what is missing (apt-get needs root or sudo).
QT_LIBS=(libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
         libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-image0
         libxcb-render-util0 libxcb-xkb1 libxcb-randr0 libxcb-xinerama0)
missing=()
for pkg in "${QT_LIBS[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})) && command -v apt-get >/dev/null; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "Installing system libraries for Qt: ${missing[*]}"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test,build]'

case "${1:-demo}" in
    test)
        export QT_QPA_PLATFORM=offscreen
        .venv/bin/ruff check .
        exec .venv/bin/python -m pytest -q -p no:cacheprovider
        ;;
    bundle)
        .venv/bin/pyinstaller --noconfirm --log-level WARN --distpath build/dist \
            --workpath build/pyinstaller installer/kbpp.spec
        QT_QPA_PLATFORM=offscreen exec build/dist/KBPP/kbpp-cli self-test
        ;;
    demo)
        exec .venv/bin/python main.py --demo
        ;;
    *)
        echo "usage: bash tools/bootstrap.sh demo|test|bundle" >&2
        exit 2
        ;;
esac
