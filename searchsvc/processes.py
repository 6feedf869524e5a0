"""Child processes that die with the process that started them.

Lives apart from the modules that start children so that a freshly spawned child imports only this.
"""

from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when its parent dies: a killed reindex leaves no orphan
    holding the writer lock (inherited by fork) or memory."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers still exit when the pool's pipes close
        pass
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(1)
