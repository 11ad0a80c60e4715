"""Writing an output file without clobbering what must not be clobbered: the rules of
util/include/vmcutil/output_file.h, in Python.

A new name or a regular file is written to a tempfile.mkstemp temporary beside it and renamed
onto it when complete; a FIFO or device is written directly (never replaced by a file); a
symlink's target is written by these rules, the link stays; a directory is refused.
"""
import contextlib
import os
import stat
import tempfile


@contextlib.contextmanager
def open_output(path, mode="w", **kwargs):
    """Like open(path, mode) for writing, by the rules above; the temporary is removed when the
    block raises."""
    try:
        st = os.stat(path)   # follows a symlink to its target
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(f"{path}: is a directory")
    if (st is not None and not stat.S_ISREG(st.st_mode)) or (st is None and os.path.islink(path)):
        with open(path, mode, **kwargs) as f:   # FIFO, device, or a dangling link's new target
            yield f
        return
    target = os.path.realpath(path) if os.path.islink(path) else path
    folder, base = os.path.split(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{base}.tmp-", dir=folder or ".")
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(fd, stat.S_IMODE(st.st_mode) if st else 0o666 & ~mask)
        with open(fd, mode, **kwargs) as f:
            yield f
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_output(path, text):
    """Writes text (str or bytes) to path by the rules above."""
    with open_output(path, "wb" if isinstance(text, bytes) else "w") as f:
        f.write(text)
