"""API routes: messages (being built)."""

from ninja import Router

router = Router(tags=["messages"])
