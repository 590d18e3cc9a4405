"""A WSGI application that answers with its worker's collector settings: served by gunicorn
with `zhurnal serve`'s configuration in `test_gc_tuning`."""

import gc
import json


def application(environ, start_response):
    body = json.dumps({"thresholds": gc.get_threshold(), "frozen": gc.get_freeze_count()}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
