"""Laying out HTML as PDF in worker processes (decision 0031).

This module imports no Django: a worker process started by the forkserver imports it to unpickle
`draw`, and needs nothing but WeasyPrint, which the forkserver loads once for every worker.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Executor, ProcessPoolExecutor

# More processes than cores only share them; beyond four the stitching and the font subsets
# each part embeds outweigh what is left to win.
MAX_PROCESSES = 4

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def draw(html: str) -> tuple[bytes, int]:
    """One part of a document: its PDF and how many pages it has."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=None).render()
    return document.write_pdf(), len(document.pages)


def processes() -> int:
    return max(1, min(MAX_PROCESSES, os.cpu_count() or 1))


def pool() -> Executor:
    """One pool per process, started on first use and kept: starting it costs about a second.
    Forkserver, not fork: a web or task process has threads and open database connections that
    a forked copy must not inherit."""
    global _pool
    with _pool_lock:  # two prints at once on the task backend's threads share one pool
        if _pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["weasyprint"])
            _pool = ProcessPoolExecutor(max_workers=processes(), mp_context=context)
    return _pool


def draw_all(parts: list[str]) -> list[tuple[bytes, int]]:
    """Every part laid out at once, one per worker process; in this process when there is one."""
    if len(parts) <= 1 or processes() <= 1:
        return [draw(html) for html in parts]
    return list(pool().map(draw, parts))
