"""Query-count assertions that print every SQL statement when the count is wrong."""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


class QueryCountMismatch(AssertionError):
    pass


@contextmanager
def assert_max_queries(expected: int, *, exact: bool = False):
    """Fail when the block runs more (or, with exact, other) than `expected` queries."""
    with CaptureQueriesContext(connection) as ctx:
        yield ctx
    count = len(ctx.captured_queries)
    if count > expected or (exact and count != expected):
        listing = "\n".join(f"{i + 1:3}. {q['sql']}" for i, q in enumerate(ctx.captured_queries))
        relation = "exactly" if exact else "at most"
        raise QueryCountMismatch(f"{count} queries ran, {relation} {expected} expected:\n{listing}")


def count_queries(func, *args, **kwargs) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = func(*args, **kwargs)
    return len(ctx.captured_queries), result
