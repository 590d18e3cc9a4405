"""The API keeps its OpenAPI contract: schemathesis sends generated requests to every operation,
valid (positive) and invalid (negative) ones, as members of the cast, and checks each answer
against the document: no server error, only documented statuses, bodies of the described shape,
invalid input refused.

Bounded and deterministic: a fixed number of examples per operation and mode, derandomised, so a
run takes seconds and a failure repeats.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.conftest import API
from zhurnal.accounts.tokens import token_issue
from zhurnal.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES = 8
# Who calls: a teacher reaches the journal's reads and writes, a parent the diary and messages.
CALLERS = ("teacher", "parent_a")
# A request the schema allows may still break a rule the schema cannot state (an attendance code
# missing from the school's directory, a closed period): 400 with the field named is the right
# answer there, so "valid data must be accepted" is not ours to check. Every other check runs.
NOT_CHECKED = [positive_data_acceptance]


def run_operation(operation, mode: GenerationMode, headers: dict[str, str]) -> list[str]:
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def examples(case):
        response = case.call(headers=headers)
        try:
            case.validate_response(response, headers=headers, excluded_checks=NOT_CHECKED)
        except (Exception, BaseExceptionGroup) as exc:  # a FailureGroup: every check that failed
            for failure in getattr(exc, "exceptions", [exc]):
                title = getattr(failure, "title", type(failure).__name__)
                message = str(getattr(failure, "message", failure))[:400]
                failures.append(
                    f"{operation.label} [{mode.value}] → {response.status_code}: {title}\n"
                    f"  {case.method} {case.formatted_path} query={case.query} body={case.body!r:.200}\n"
                    f"  {message}"
                )

    examples()
    return failures


@pytest.fixture
def wsgi_in_the_test_transaction():
    """Requests reach the WSGI app directly, not through Django's test client, so the end of each
    request would close the test's connection (and roll back its data on PostgreSQL), as the end
    of a real request does. Keep it open, as the test client does."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("caller", CALLERS)
def test_every_operation_keeps_the_contract_with_generated_requests(
    cast, caller, wsgi_in_the_test_transaction
):
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", application)
    headers = {"Authorization": f"Bearer {token_issue(user=cast.user(caller))}"}
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures += run_operation(operation, mode, headers)

    assert operations >= 20
    unique = list(dict.fromkeys(failures))
    assert not unique, "\n\n".join(unique[:30]) + f"\n\n{len(unique)} failures"
