#!/bin/sh
# Qt (even offscreen) needs a few system libraries. Install the missing ones with apt-get when we
# can (root on Debian/Ubuntu, as on CI); otherwise say exactly what to install.
# Usage: system-deps.sh LIB.so.N|PROGRAM...  (the Makefile passes the lists: running needs a few,
# building the bundle needs the X11 client libraries Qt's xcb plugin links to, because
# PyInstaller copies them from the build machine into the bundle, and a bundle built
# where they are missing cannot open a window on a desktop that lacks them too; the journey
# tests need an X server and a window manager, given as the programs Xvfb and openbox; the
# desktop-integration tests need the freedesktop validators, given as their programs).
set -eu
missing=""
for lib in "$@"; do
    case "$lib" in
        *.so*) ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $lib" ;;
        *) command -v "$lib" >/dev/null 2>&1 || missing="$missing $lib" ;;
    esac
done
[ -z "$missing" ] && exit 0
packages=""
for lib in $missing; do
    case "$lib" in
        libEGL.so.1) packages="$packages libegl1" ;;
        libGL.so.1) packages="$packages libgl1" ;;
        libxkbcommon.so.0) packages="$packages libxkbcommon0" ;;
        libfontconfig.so.1) packages="$packages libfontconfig1 fonts-dejavu-core" ;;
        libdbus-1.so.3) packages="$packages libdbus-1-3" ;;
        libxcb-icccm.so.4) packages="$packages libxcb-icccm4" ;;
        libxcb-keysyms.so.1) packages="$packages libxcb-keysyms1" ;;
        libxcb-cursor.so.0) packages="$packages libxcb-cursor0" ;;
        libxcb-image.so.0) packages="$packages libxcb-image0" ;;
        libxcb-render-util.so.0) packages="$packages libxcb-render-util0" ;;
        libxkbcommon-x11.so.0) packages="$packages libxkbcommon-x11-0" ;;
        Xvfb) packages="$packages xvfb" ;;
        openbox) packages="$packages openbox" ;;
        desktop-file-validate | update-desktop-database) packages="$packages desktop-file-utils" ;;
        appstreamcli) packages="$packages appstream" ;;
        xdg-mime) packages="$packages xdg-utils" ;;
        mimetype) packages="$packages libfile-mimeinfo-perl" ;;
        gio) packages="$packages libglib2.0-bin" ;;
        update-mime-database) packages="$packages shared-mime-info" ;;
        *) echo "system-deps.sh: no Debian package known for $lib" >&2; exit 1 ;;
    esac
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages Qt and the tests need:$packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null
else
    echo "Missing system libraries or programs:$missing" >&2
    echo "On Debian/Ubuntu: sudo apt-get install$packages" >&2
    exit 1
fi
