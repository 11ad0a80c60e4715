"""What every bench script's command line shares, so that they behave alike: --help and
--version exit 0 on standard output, bad usage exits 2, and output cut short by a closed pipe
(`runner.py --list | head`) ends quietly instead of with a traceback."""
import argparse
import os
import sys

import version


def parser(prog, description):
    """An argparse parser named PROG with --version (the tool version results record)."""
    ap = argparse.ArgumentParser(prog=prog, description=description)
    ap.add_argument("--version", action="version", version=f"{prog} {version.describe()}")
    return ap


def run(main):
    """sys.exit(main(argv)); a reader that stops early (a closed pipe) ends the output quietly.
    A file name that is not UTF-8 (its bytes held as surrogates) is printed with escapes instead
    of stopping the script with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="backslashreplace")
    try:
        code = main(sys.argv[1:])
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would report the pipe again when it flushes stdout at exit: point it at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    sys.exit(code)
