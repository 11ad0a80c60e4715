"""The tool version recorded in every result: the installed VERSION file in an installed
prefix, else `git describe` of the checkout when it is one, else the project version from the
top CMakeLists.txt (e.g. in an unpacked release)."""
import os
import re
import subprocess

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def describe():
    try:   # an installed prefix (share/vmcosim/VERSION), even inside some git checkout
        with open(os.path.join(REPO, "VERSION")) as f:
            return "vmcosim " + f.read().strip()
    except OSError:
        pass
    try:
        out = subprocess.run(["git", "-C", REPO, "describe", "--always", "--dirty", "--tags"],
                             capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return "git " + out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        with open(os.path.join(REPO, "CMakeLists.txt")) as f:
            m = re.search(r"project\(\s*vmcosim\s+VERSION\s+([0-9.]+)", f.read())
            if m:
                return "vmcosim " + m.group(1)
    except OSError:
        pass
    return "unknown"


if __name__ == "__main__":   # for the shell scripts' --version
    print(describe())
