# Bounded fuzz run for ctest: a fixed seed and run count (and a time cap), new inputs go to a
# corpus folder in the build tree, the bundled seeds are read only.
# usage: run-fuzz.sh FUZZER SEED_DIR DICT RUNS
set -e
rm -rf corpus && mkdir corpus
exec "$1" -seed=1 -runs="$4" -max_total_time=25 -max_len=2048 -timeout=10 -dict="$3" \
  -print_final_stats=1 corpus "$2"
