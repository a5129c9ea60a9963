"""Handing memory that Python and numpy have freed back to the operating system.

Large numpy temporaries below glibc's mmap threshold (which glibc raises, up to 32 MB,
each time a mapped block is freed) live on the heap; once freed, the heap keeps them
unless trimmed, and at a million records that was hundreds of megabytes after
normalising alone. The pipeline trims once after each stage: a cheap call that turns
freed space into memory other stages, or other processes, can use.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from typing import Any


@cache
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        library = ctypes.CDLL(name)
        return library if hasattr(library, "malloc_trim") else None
    except OSError:
        return None


def release_freed_memory() -> None:
    """Return freed heap memory to the system (glibc's malloc_trim; elsewhere a no-op)."""
    library = _libc()
    if library is not None:
        library.malloc_trim(0)
