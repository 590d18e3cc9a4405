"""The JSON API, version 1, mounted at /api/v1/ (DESIGN.md §4).

Every operation needs a bearer token or a signed-in session (API_AUTH) unless it says
`auth=None`; the OpenAPI document at /api/v1/openapi.json is public. The interactive docs page
is off: ninja's needs a CDN, and a school network may be closed.

URL names are the permission matrix's keys ("api:<url_name>", tests/api/matrix_rows.py).
"""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from zhurnal.api import errors
from zhurnal.api.routes import (
    assignments,
    auth,
    cells,
    classes,
    diary,
    extracurricular,
    groups,
    journal,
    lessons,
    marks,
    me,
    messages,
    notifications,
    office,
    people,
    reports,
)
from zhurnal.api.security import API_AUTH


class Utf8JSONRenderer(JSONRenderer):
    """Cyrillic as UTF-8 rather than \\u escapes: half the bytes, readable in a log."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Zhurnal API",
    version="1",
    description="Электронный журнал: API v1. Ошибки: {detail, code}.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
    auth=API_AUTH,
    renderer=Utf8JSONRenderer(),
)
errors.install(api)

# Django tries the routes in this order: the journal's and the diary's, the busiest, first.
api.add_router("", journal.router)
api.add_router("", cells.router)
api.add_router("", marks.router)
api.add_router("", diary.router)
api.add_router("", lessons.router)
api.add_router("/auth", auth.router)
api.add_router("", me.router)
api.add_router("", classes.router)
api.add_router("", people.router)
api.add_router("", assignments.router)
api.add_router("", groups.router)
api.add_router("", messages.router)
api.add_router("", notifications.router)
api.add_router("", reports.router)
api.add_router("", office.router)
api.add_router("", extracurricular.router)
