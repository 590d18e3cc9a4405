"""How a feed leaves the school: behind `PortalTransport`, so the portal's real transport (whose
specification is not public, DOMAIN.md §8) can be added here without touching the journal or the
feed. The file transport writes the JSON for a person or a script to carry."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Protocol


class PortalTransport(Protocol):
    """Delivers one school's feed. Returns a receipt (a path, a request id) for the log; raises
    on failure, and then the watermark does not move."""

    name: str

    def send(self, feed: dict, *, school_id: int) -> str: ...


def encode(feed: dict) -> bytes:
    return json.dumps(feed, ensure_ascii=False, indent=1, sort_keys=False).encode()


class FileTransport:
    """Writes the feed to a file (atomically: a temporary name, then a rename), or to stdout."""

    name = "file"

    def __init__(self, path: Path | None = None, *, stream=None):
        self.path = path
        self.stream = stream

    def send(self, feed: dict, *, school_id: int) -> str:
        data = encode(feed)
        if self.path is None:
            out = self.stream or sys.stdout
            out.write(data.decode())
            out.write("\n")
            return "stdout"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".part")
        partial.write_bytes(data)
        os.replace(partial, self.path)
        return str(self.path)
