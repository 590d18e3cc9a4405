"""API routes: notifications (being built)."""

from ninja import Router

router = Router(tags=["notifications"])
