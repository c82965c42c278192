"""One build at a time per output folder: an exclusive ``flock`` on ``OUT/.kg-build.lock``.

Two builds writing one folder interleave their graph files, runs and
incremental state, and both exit 0 over a corrupt result. The lock is held
for the whole build; the kernel drops it when the process ends, however it
ends, so a killed build never leaves the folder locked. The file holds the
holder's PID, for the message the next build prints.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from typing import Iterator, Optional

LOCK_NAME = ".kg-build.lock"


class OutputLocked(Exception):
    """Another process is building into the folder."""

    def __init__(self, out: Path, pid: Optional[int]):
        self.out, self.pid = out, pid
        holder = f"PID {pid}" if pid else "another process"
        super().__init__(f"{out} is being written by another kg build ({holder}); "
                         "wait for it to finish, or pass --wait")


def _holder(fd: int) -> Optional[int]:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None


@contextlib.contextmanager
def build_lock(out: Path, wait: bool = False) -> Iterator[None]:
    """Hold the folder's build lock; OutputLocked at once if it is taken (unless ``wait``)."""
    out.mkdir(parents=True, exist_ok=True)
    # Never unlinked: removing it while another process waits on it would give two holders.
    fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise OutputLocked(out, _holder(fd)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
