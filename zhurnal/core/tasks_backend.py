"""A django-tasks backend for one school on one machine: tasks run in a background thread pool.

The immediate backend runs a task inside the request that enqueued it, so a teacher's mark would
wait for every parent's notification and e-mail. This one hands the task to a small pool of
threads in the same process and returns at once. Tasks still run after the enqueuing transaction
committed (enqueue is called from `on_commit`). Work still queued when the process stops is
finished before it exits (the pool is joined at shutdown); a crash loses it — where that matters,
TASKS_BACKEND names the database backend and `zhurnal db_worker` runs it.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from django.db import close_old_connections
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

log = logging.getLogger(__name__)


class ThreadBackend(ImmediateBackend):
    def __init__(self, alias: str, params: dict):
        super().__init__(alias, params)
        workers = int(params.get("OPTIONS", {}).get("workers", 2))
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="zhurnal-task")

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
        self._pool.submit(self._run, task_result)
        return task_result

    def wait(self) -> None:
        """Block until queued tasks are done (tests, management commands)."""
        self._pool.shutdown(wait=True)
        self._pool = ThreadPoolExecutor(
            max_workers=self._pool._max_workers, thread_name_prefix="zhurnal-task"
        )
