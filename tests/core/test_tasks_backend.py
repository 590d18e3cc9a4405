"""The embedded default's task backend runs work on a background thread, not in the request."""

import threading

import pytest
from django.test import override_settings
from django_tasks import task, task_backends

ran_on: list[str] = []


@task()
def remember_thread() -> None:
    ran_on.append(threading.current_thread().name)


@pytest.mark.django_db(transaction=True)
def test_a_task_runs_on_a_pool_thread_and_the_caller_does_not_wait():
    ran_on.clear()
    with override_settings(TASKS={"default": {"BACKEND": "zhurnal.core.tasks_backend.ThreadBackend"}}):
        backend = task_backends["default"]
        remember_thread.enqueue()
        backend.wait()
    assert len(ran_on) == 1
    assert ran_on[0].startswith("zhurnal-task")
    assert ran_on[0] != threading.current_thread().name


@pytest.mark.django_db(transaction=True)
def test_tasks_enqueued_by_a_request_wait_until_its_response_is_sent():
    from django.core.signals import request_finished, request_started

    ran_on.clear()
    with override_settings(TASKS={"default": {"BACKEND": "zhurnal.core.tasks_backend.ThreadBackend"}}):
        backend = task_backends["default"]
        request_started.send(sender=None)
        remember_thread.enqueue()
        backend.wait()
        assert ran_on == []  # held while the request is being answered
        request_finished.send(sender=None)
        backend.wait()
    assert len(ran_on) == 1
