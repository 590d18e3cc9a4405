"""A django-tasks backend for one school on one machine: tasks run in a background thread pool.

The immediate backend runs a task inside the request that enqueued it, so a teacher's mark would
wait for every parent's notification and e-mail. This one hands the task to a small pool of
threads in the same process. Tasks enqueued while a request is being handled are held until the
response has been sent (`request_finished`), so they do not compete with that request for the GIL
or SQLite's write lock; outside a request (commands) they start at once. Tasks still run after
the enqueuing transaction committed (enqueue is called from `on_commit`). Work still queued when the process stops is
finished before it exits (the pool is joined at shutdown); a crash loses it — where that matters,
TASKS_BACKEND names the database backend and `zhurnal db_worker` runs it.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

log = logging.getLogger(__name__)
_held = threading.local()  # tasks enqueued by the request this thread is handling


def _start_holding(**kwargs) -> None:
    _release()  # anything a previous request on this thread left held is not lost
    _held.tasks = []


def _release(**kwargs) -> None:
    tasks, _held.tasks = getattr(_held, "tasks", None), None
    for backend, task_result in tasks or ():
        backend._submit(task_result)


request_started.connect(_start_holding, dispatch_uid="zhurnal-tasks-hold")
request_finished.connect(_release, dispatch_uid="zhurnal-tasks-release")


class ThreadBackend(ImmediateBackend):
    def __init__(self, alias: str, params: dict):
        super().__init__(alias, params)
        workers = int(params.get("OPTIONS", {}).get("workers", 2))
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="zhurnal-task")
        self._futures: set = set()

    def _submit(self, task_result: TaskResult) -> None:
        future = self._pool.submit(self._run, task_result)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)

    def _run(self, task_result: TaskResult) -> None:
        close_old_connections()
        try:
            self._execute_task(task_result)
        except Exception:  # _execute_task records failures; this is for the unexpected
            log.exception("task %s crashed", task_result.task)
        finally:
            close_old_connections()

    def enqueue(self, task, args, kwargs) -> TaskResult:
        self.validate_task(task)
        task_result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        held = getattr(_held, "tasks", None)
        if held is not None:
            held.append((self, task_result))
        else:
            self._submit(task_result)
        return task_result

    def wait(self) -> None:
        """Block until the tasks submitted so far are done (tests, benchmarks, commands). The pool's
        threads live on, and so do their database connections."""
        wait_for_futures(list(self._futures))
