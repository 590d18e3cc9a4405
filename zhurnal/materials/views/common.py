"""What the pages share: running a service as a page does, serving a stored file."""

import logging

from django.contrib import messages
from django.http import FileResponse, Http404

from zhurnal.core.errors import ServiceError, raise_for_page

log = logging.getLogger(__name__)


def get(request, getter, *args):
    try:
        return getter(request.actor, *args)
    except ServiceError as error:
        raise_for_page(error)
        raise


def act(request, service, **kwargs):
    """Run a service; a refusal becomes 404/403, bad input a message. The result, or None."""
    try:
        return service(actor=request.actor, **kwargs) or True
    except ServiceError as error:
        raise_for_page(error)
        messages.error(request, error.message)
        return None


def serve(stored, name: str, content_type: str):
    """Send a stored file as an attachment, with our own content type (never sniffed)."""
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        log.error("stored file %s is missing on disk", getattr(stored, "name", stored))
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
