# Shared by the test-media scripts (source it after setting `out`, the output directory).

# ffmpeg, quiet, never asking, overwriting its output.
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "$@"; }

# produce NAME RECIPE: runs `RECIPE <temporary path>` unless $out/NAME exists, then renames the
# result into place, so that a reader never sees a half-written file.
produce() {
    local name=$1 recipe=$2
    [[ -f $out/$name ]] && return 0
    local partial=$out/.partial.$name
    rm -f "$partial"
    "$recipe" "$partial"
    mv "$partial" "$out/$name"
    echo "$(basename "$0" .sh): wrote $name"
}
