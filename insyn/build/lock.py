"""One run at a time per project: two nights (or a night and a hand-started build)
that write the same site, snapshot and state crash each other and overwrite one
report (issue 14, item 6).

The lock is ``fcntl.flock`` on the project directory itself: it leaves no file in
the project (a run never writes what it was not asked to), and the kernel drops
it when the process dies, so a killed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from insyn.errors import UserError

log = logging.getLogger(__name__)


class LockError(UserError):
    """Another insyn command holds the project's lock."""


@contextmanager
def project_lock(root: Path, command: str) -> Iterator[None]:
    """Hold the project's lock for ``command``; fail at once, not wait, if it is taken.

    A root that cannot be opened (it does not exist yet) is left to the command,
    whose own error names what is wrong.
    """
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        log.debug("no lock on %s: %s", root, exc)
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockError(
                f"en annan körning pågår i {root}; vänta tills den är klar "
                f"(insyn {command} startades inte)"
            ) from None
        log.debug("lock on %s for %s (pid %d)", root, command, os.getpid())
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
