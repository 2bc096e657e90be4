"""Work around a PySide6 reference-count bug on Python 3.11.

PySide6 6.12 (the abi3 wheels) hands back None, True and False without taking a
reference: every call of a void method (setText, show, setVisible, ...) and every
Python override that returns a bool (QWizardPage.isComplete) drops one reference
too many. From Python 3.12 on these objects are immortal and nothing happens; on
3.11 the count reaches zero after a few thousand calls and the interpreter aborts
("Fatal Python error: none_dealloc" / "bool_dealloc"), at the latest on exit.

`protect_singletons()` gives the three objects what 3.12 gives them: a reference
count no program can exhaust. It does nothing where the bug cannot bite.
"""

from __future__ import annotations

import sys

_EXTRA = 1 << 40
_done = False


def protect_singletons() -> bool:
    """Make None, True and False effectively immortal on Python < 3.12; True if done now."""
    global _done
    if _done or sys.version_info >= (3, 12) or not hasattr(sys, "getrefcount"):
        return False
    import ctypes

    for obj in (None, True, False):
        before = sys.getrefcount(obj)
        cell = ctypes.c_ssize_t.from_address(id(obj))
        if abs(cell.value - before) > 1000:  # not the object layout we expect: leave it
            continue
        cell.value += _EXTRA
        if abs(sys.getrefcount(obj) - before - _EXTRA) > 1000:  # not its count after all
            cell.value -= _EXTRA
    _done = True
    return True
