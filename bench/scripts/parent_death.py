"""Children that die with their parent: a preexec_fn for subprocess.Popen.

The runner starts each job in its own session (so that a terminal's Ctrl-C reaches only the
runner, which stops the jobs itself); if the runner is killed outright (SIGKILL, an OOM kill)
nothing would stop them. Linux's PR_SET_PDEATHSIG sends the child SIGTERM when the parent dies;
run_job forwards it to the simulator, which is itself set up the same way.
"""
import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent(parent=None):
    """Returns a preexec_fn: in the child, ask for SIGTERM when the parent dies (a no-op where
    prctl is missing), and stop at once if the parent already died before that."""
    parent = os.getpid() if parent is None else parent

    def preexec():
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGTERM)
    return preexec
