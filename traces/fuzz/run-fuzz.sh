# Bounded fuzz run for ctest: a fixed seed and run count (and a time cap), new inputs go to a
# corpus folder in the build tree, the bundled seeds are read only.
# usage: run-fuzz.sh FUZZER SEED_DIR DICT RUNS [LIBFUZZER_FLAG...]
set -e
rm -rf corpus && mkdir corpus
fuzzer=$1 seeds=$2 dict=$3 runs=$4
shift 4
exec "$fuzzer" -seed=1 -runs="$runs" -max_total_time=25 -max_len=2048 -timeout=10 -dict="$dict" \
  -print_final_stats=1 "$@" corpus "$seeds"
