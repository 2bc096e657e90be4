"""Ctrl-C held back over work that must not be cut in two."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def ctrl_c_after() -> Iterator[None]:
    """Ctrl-C pressed inside the block takes effect when it ends: a batch's chunk is stored
    and counted together; an export is written whole, and PySide6, loading for a PDF, is
    not interrupted mid-import (that aborted the interpreter: "Fatal Python error:
    libshiboken"). Only the main thread receives signals; elsewhere nothing is changed."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() \
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    pressed: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if pressed:
        raise KeyboardInterrupt
