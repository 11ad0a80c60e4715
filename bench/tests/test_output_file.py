#!/usr/bin/env python3
"""bench/scripts/output_file.py against each kind of existing name: a FIFO stays a FIFO, a
symlink stays a link (its target written), a folder is refused, a hostile name is a name, a
planted symlink at a guessable temporary name is never followed, a failed write leaves the old
file.

    test_output_file.py WORKDIR
"""
import os
import stat
import subprocess
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from testlib import check, fresh_dir, read, verdict  # noqa: E402
from output_file import open_output, write_output  # noqa: E402


def main(argv):
    work = argv[0]
    fresh_dir(work)
    os.chdir(work)
    os.umask(0o022)
    write_output("new.txt", "one\n")
    check(read("new.txt") == "one\n" and stat.S_IMODE(os.stat("new.txt").st_mode) == 0o644,
          "a new file with 0666 less the umask")
    os.chmod("new.txt", 0o600)
    os.link("new.txt", "old-inode")
    write_output("new.txt", "two\n")
    check(read("new.txt") == "two\n" and read("old-inode") == "one\n", "replaced by a rename")
    check(stat.S_IMODE(os.stat("new.txt").st_mode) == 0o600, "an existing file keeps its mode")

    os.mkfifo("pipe.txt")
    reader = subprocess.Popen(["timeout", "20", "cat", "pipe.txt"], stdout=subprocess.PIPE)
    write_output("pipe.txt", "through\n")
    check(reader.communicate(timeout=30)[0] == b"through\n", "the FIFO's reader got the text")
    check(stat.S_ISFIFO(os.lstat("pipe.txt").st_mode), "the FIFO was replaced")

    write_output("target.txt", "old\n")
    os.symlink("target.txt", "link.txt")
    write_output("link.txt", "new\n")
    check(os.path.islink("link.txt") and read("target.txt") == "new\n", "symlink: target written")

    os.mkdir("dir.txt")
    try:
        write_output("dir.txt", "x")
        check(False, "a folder was accepted")
    except IsADirectoryError as e:
        check("dir.txt" in str(e), f"message names the folder: {e}")

    hostile = 'x\nsystem "touch PWNED"\n.txt'
    write_output(hostile, "data\n")
    check(read(hostile) == "data\n" and not os.path.exists("PWNED"), "hostile name")

    write_output("victim", "precious\n")
    for guess in ("out.txt.tmp", f"out.txt.tmp.{os.getpid()}", ".out.txt.tmp"):
        os.symlink("victim", guess)
    write_output("out.txt", "out\n")
    check(read("victim") == "precious\n" and read("out.txt") == "out\n", "planted temporaries")

    try:
        with open_output("out.txt") as f:
            f.write("half")
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    check(read("out.txt") == "out\n", "a failed write changed the file")
    left = [n for n in os.listdir(".") if ".tmp-" in n]
    check(not left, f"temporaries left: {left}")
    return verdict("output_file")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
