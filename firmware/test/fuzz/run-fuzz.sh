# Bounded run of the firmware API fuzzer for ctest: a fixed seed and run count (and a time
# cap); new inputs go to a corpus folder in the build tree, the bundled seeds are read only.
# The firmware reports every refused free on stderr; the log keeps the rest (libFuzzer's
# figures, a crash report).
# usage: run-fuzz.sh FUZZER SEED_DIR RUNS
rm -rf fw_fuzz_corpus && mkdir fw_fuzz_corpus || exit 1
rc=0
"$1" -seed=1 -runs="$3" -max_total_time=20 -max_len=1024 -len_control=0 -timeout=10 \
  -print_final_stats=1 fw_fuzz_corpus "$2" > fw_fuzz.log 2>&1 || rc=$?
grep -v -e 'bad free ignored' -e '^#[0-9]' fw_fuzz.log
exit "$rc"
