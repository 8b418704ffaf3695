#!/bin/sh
# Desktop integration of an installed Beamline Studio: the `beamline-studio` command in /usr/bin,
# the menu entry, the icons and the MIME types (.h5 .hdf5 .nxs .cxi open in the app), and their
# removal. The deb's postinst/prerm and the rpm's %post/%preun call it; after copying an app-image
# somewhere by hand, `sudo sh DIR/lib/app/integration/desktop-integration.sh install` does the same.
#
#   desktop-integration.sh install | uninstall
#
# jpackage's own integration (--linux-shortcut) needs xdg-utils and fails in containers; this needs
# a POSIX shell only, and refreshes the desktop caches where their tools exist.
set -e

here=$(cd "$(dirname "$0")" && pwd -P)
app_dir=$(cd "$here/../../.." && pwd -P)   # DIR of DIR/lib/app/integration
share="$app_dir/lib/app/share"
# The command: a script that starts the bundled Java (see it for why not jpackage's bin/ launcher).
launcher="$here/beamline-studio"

refresh_caches() {
  if command -v update-mime-database >/dev/null 2>&1; then update-mime-database /usr/share/mime >/dev/null 2>&1 || true; fi
  if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q /usr/share/applications || true; fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f /usr/share/icons/hicolor/index.theme ]; then
    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor >/dev/null 2>&1 || true
  fi
}

# The files to place: every file under lib/app/share goes to the same path under /usr/share.
shared_files() {
  (cd "$share" && find . -type f | sed 's|^\./||')
}

case "${1-}" in
  install)
    [ -f "$launcher" ] || { echo "desktop-integration: no launcher at $launcher" >&2; exit 1; }
    chmod 755 "$launcher"
    ln -sfn "$launcher" /usr/bin/beamline-studio
    shared_files | while IFS= read -r f; do
      mkdir -p "/usr/share/$(dirname "$f")"
      cp -f "$share/$f" "/usr/share/$f"
      chmod 644 "/usr/share/$f"
    done
    refresh_caches
    ;;
  uninstall)
    # Only our own symlink: never a beamline-studio command someone else put there.
    if [ -L /usr/bin/beamline-studio ] && [ "$(readlink /usr/bin/beamline-studio)" = "$launcher" ]; then
      rm -f /usr/bin/beamline-studio
    fi
    shared_files | while IFS= read -r f; do
      rm -f "/usr/share/$f"
    done
    refresh_caches
    ;;
  *)
    echo "usage: $0 install|uninstall" >&2
    exit 2
    ;;
esac
