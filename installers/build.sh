#!/usr/bin/env bash
# Build the Windows installer from a PyInstaller bundle folder (docs/WINDOWS.md):
#
#     installers/build.sh BUNDLE_DIR [OUT.exe]
#
# BUNDLE_DIR is dist/PolicySelfCheck of `pyinstaller build.spec`; OUT.exe defaults to
# dist/installer/PolicySelfCheck-Setup-VERSION.exe, VERSION to pyproject.toml's version.
# Runs on Linux (Debian/Ubuntu: apt-get install nsis) and on Windows under Git Bash
# with NSIS 3 (choco install nsis); MAKENSIS names the compiler if it is not on PATH.
# VERSION overrides the version; NSIS_COMPRESSOR=zlib builds about 3x faster than the
# release's lzma, for tests, into a larger file.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -d "$1" ]; then
  echo "usage: $0 BUNDLE_DIR [OUT.exe]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bundle=$(cd "$1" && pwd)
version=${VERSION:-$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$root/pyproject.toml" | head -n 1)}
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "$0: version '$version' is not MAJOR.MINOR.PATCH" >&2
  exit 2
fi
out=${2:-$root/dist/installer/PolicySelfCheck-Setup-$version.exe}
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
makensis=${MAKENSIS:-makensis}
if ! command -v "$makensis" >/dev/null 2>&1; then
  for candidate in "/c/Program Files (x86)/NSIS/makensis.exe" "/c/Program Files/NSIS/makensis.exe"; do
    [ -x "$candidate" ] && makensis=$candidate && break
  done
fi
command -v "$makensis" >/dev/null 2>&1 || { echo "$0: makensis not found (install NSIS 3)" >&2; exit 2; }

# What the uninstaller removes: the bundle's own top-level files and folders, by name,
# so that it never deletes anything else in the folder the user chose.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
list=$work/uninstall-list.nsh
: > "$list"
for entry in "$bundle"/* "$bundle"/.[!.]*; do
  [ -e "$entry" ] || continue
  name=$(basename "$entry")
  if [ -d "$entry" ]; then
    printf 'RMDir /r "$INSTDIR\\%s"\n' "$name" >> "$list"
  else
    printf 'Delete "$INSTDIR\\%s"\n' "$name" >> "$list"
  fi
done
[ -s "$list" ] || { echo "$0: $bundle is empty" >&2; exit 2; }

# makensis on Windows wants Windows paths; keep MSYS from rewriting the -D arguments.
winpath() { if command -v cygpath >/dev/null 2>&1; then cygpath -w "$1"; else printf '%s' "$1"; fi; }
export MSYS2_ARG_CONV_EXCL='*'
"$makensis" -V2 -INPUTCHARSET UTF8 \
  "-DVERSION=$version" \
  "-DCOMPRESSOR=${NSIS_COMPRESSOR:-lzma}" \
  "-DBUNDLE_DIR=$(winpath "$bundle")" \
  "-DUNINSTALL_LIST=$(winpath "$list")" \
  "-DOUTFILE=$(winpath "$out")" \
  "-DICON=$(winpath "$root/resources/icons/policy-selfcheck.ico")" \
  "-DWELCOME_BITMAP=$(winpath "$here/welcome.bmp")" \
  "$(winpath "$here/policy-selfcheck.nsi")"
echo "$out"
