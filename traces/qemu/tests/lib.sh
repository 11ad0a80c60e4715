# Shell helpers for the qemu tracer tests (sourced). Each test runs in a fresh work folder.
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# expect_eq WHAT GOT WANT
expect_eq() { [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; }
# expect_in FILE TEXT: FILE contains the fixed string TEXT.
expect_in() { grep -qF -- "$2" "$1" || { fail "$1 lacks '$2'; it holds:"; sed 's/^/  | /' "$1" >&2; }; }
finish() {
  if [ "$failures" -ne 0 ]; then echo "$failures failure(s)" >&2; exit 1; fi
  echo ok
}
