#!/usr/bin/env python
"""Kept for habit; the project's command is `zhurnal` (see zhurnal/__main__.py)."""

from zhurnal.__main__ import main

if __name__ == "__main__":
    main()
