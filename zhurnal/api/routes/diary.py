"""API routes: diary (being built)."""

from ninja import Router

router = Router(tags=["diary"])
