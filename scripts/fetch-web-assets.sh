#!/usr/bin/env bash
# Installs the Swagger UI and ReDoc files that /docs and /redoc serve under /docs/assets/, so
# the documentation pages load nothing from the internet at run time.
#
# The files come from the PyPI wheel `drf-spectacular-sidecar`, which packages swagger-ui-dist
# and the ReDoc standalone bundle (PyPI is a registry every machine of the project reaches).
# Result:
#   $WEB_ASSETS_DIR/swagger-ui/  swagger-ui-bundle.js, swagger-ui.css,
#                                swagger-ui-standalone-preset.js, favicon-32x32.png, LICENSE
#   $WEB_ASSETS_DIR/redoc/       redoc.standalone.js, LICENSE
#   $WEB_ASSETS_DIR/.sidecar-version   the wheel version installed
#
# Environment:
#   WEB_ASSETS_DIR   where to install (default: vendor/ in the repository root; a relative path
#                    is taken from the current directory, as the front door takes it).
#   SIDECAR_VERSION  wheel version (default: the pinned one below, whose sha256 is checked).
#   PYTHON           the Python that runs pip (default: python3).
#
# Idempotent: when the requested version is already installed with all its files, it does
# nothing and needs no network. Files are replaced atomically (write, then rename).
set -euo pipefail

readonly pinned_version="2026.10.1"
readonly pinned_sha256="fe1d005d8ac9b5d0472f2fe5deeb2e7d6dcffaa24118044f22578b4b8c4b31f2"
readonly version="${SIDECAR_VERSION:-$pinned_version}"
readonly python="${PYTHON:-python3}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly dest="${WEB_ASSETS_DIR:-$repo_root/vendor}"

# Wheel path (below drf_spectacular_sidecar/static/drf_spectacular_sidecar/) -> installed path.
readonly files=(
    "swagger-ui-dist/swagger-ui-bundle.js:swagger-ui/swagger-ui-bundle.js"
    "swagger-ui-dist/swagger-ui.css:swagger-ui/swagger-ui.css"
    "swagger-ui-dist/swagger-ui-standalone-preset.js:swagger-ui/swagger-ui-standalone-preset.js"
    "swagger-ui-dist/favicon-32x32.png:swagger-ui/favicon-32x32.png"
    "swagger-ui-dist/LICENSE:swagger-ui/LICENSE"
    "redoc/bundles/redoc.standalone.js:redoc/redoc.standalone.js"
    "redoc/LICENSE:redoc/LICENSE"
)

installed() {
    [[ -f "$dest/.sidecar-version" && "$(cat "$dest/.sidecar-version")" == "$version" ]] || return 1
    local entry
    for entry in "${files[@]}"; do
        [[ -s "$dest/${entry#*:}" ]] || return 1
    done
}

if installed; then
    echo "web assets: drf-spectacular-sidecar $version already installed in $dest"
    exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "web assets: downloading drf-spectacular-sidecar $version from PyPI"
"$python" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --dest "$work" "drf-spectacular-sidecar==$version"
wheel="$(find "$work" -maxdepth 1 -name 'drf_spectacular_sidecar-*.whl' -print -quit)"
[[ -n "$wheel" ]] || { echo "web assets: pip did not produce a drf_spectacular_sidecar wheel" >&2; exit 1; }

if [[ "$version" == "$pinned_version" ]]; then
    actual="$(sha256sum "$wheel" | cut -d' ' -f1)"
    if [[ "$actual" != "$pinned_sha256" ]]; then
        echo "web assets: sha256 mismatch for $(basename "$wheel"): $actual, expected $pinned_sha256" >&2
        exit 1
    fi
fi

"$python" - "$wheel" "$work/unpacked" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
PY
readonly static="$work/unpacked/drf_spectacular_sidecar/static/drf_spectacular_sidecar"

mkdir -p "$dest/swagger-ui" "$dest/redoc"
for entry in "${files[@]}"; do
    source_path="$static/${entry%%:*}"
    target="$dest/${entry#*:}"
    [[ -s "$source_path" ]] || { echo "web assets: the wheel has no ${entry%%:*}" >&2; exit 1; }
    cp "$source_path" "$target.tmp.$$"
    chmod 0644 "$target.tmp.$$"
    mv -f "$target.tmp.$$" "$target"
done
printf '%s\n' "$version" > "$dest/.sidecar-version.tmp.$$"
mv -f "$dest/.sidecar-version.tmp.$$" "$dest/.sidecar-version"

echo "web assets: installed drf-spectacular-sidecar $version into $dest/swagger-ui and $dest/redoc"
