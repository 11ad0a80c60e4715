# Runs a test command inside a fresh, empty work folder (its first argument), so that
# tests never see each other's files nor write outside the build folder.
set -e
dir=$1; shift
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
exec "$@"
