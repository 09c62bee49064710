"""RQ's worker, stopping gracefully without losing the task it runs (`RQ["WORKER_CLASS"]`).

RQ runs each task in a forked "work horse" in a process group of its own. On a stop (SIGTERM,
SIGINT) RQ's worker waits for the horse to finish, while the horse itself dies at once if it
gets SIGTERM too (systemd signals every process of the unit): RQ then records the task as
failed ("Work-horse terminated unexpectedly") and nothing ran it again. This worker:
- passes a stop on to its horse as SIGTERM, and the horse takes SIGTERM as a request to stop
  (`core.taskstop`): a narration stops after the part it is making and raises
  `TaskInterrupted`; a short task runs to its end;
- puts a task that raised `TaskInterrupted` back in the queue (at its front), where another
  worker, or this one when it starts again, takes it.
A cold shutdown (a second signal a second or more after the first) still kills the horse; RQ
counts that task abandoned and `recover_tasks` queues it again (`core.taskrecovery`).

It also runs that recovery itself, as `task_worker` does, after each of RQ's own registry
clean-ups (when it starts, and about every 10 minutes, between tasks): RQ's clean-up moves a
task whose worker's heartbeat has lapsed to the failed registry and leaves it there; recovery
queues it again.
A task a live worker is running is never touched: its worker keeps renewing its heartbeat,
and recovery looks only at what RQ's own clean-up found abandoned, and at runs whose worker and
horse, both on this machine, are gone: this worker records their pids on the run when it forks
the horse (`taskrecovery.abandon_runs_dead_here`), so a worker restarted at once after a kill
queues such a task again when it starts, without waiting for the heartbeat to lapse.
"""

from __future__ import annotations

import os
import signal
from types import FrameType
from typing import Any

from rq import Worker as RQWorker
from rq.exceptions import StopRequested
from rq.registry import FailedJobRegistry

from masthead.core import taskstop
from masthead.core.taskrecovery import record_rq_run, recover_rq_tasks


def _stop_in_horse(signum: int, frame: FrameType | None) -> None:
    taskstop.request_stop()


class Worker(RQWorker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._masthead_execution: Any = None
        taskstop.quiet_interrupted_reports()

    def prepare_execution(self, job: Any) -> Any:
        execution = super().prepare_execution(job)
        self._masthead_execution = execution
        return execution

    def fork_work_horse(self, job: Any, queue: Any) -> None:
        super().fork_work_horse(job, queue)  # returns in this worker only, never in the horse
        execution, self._masthead_execution = self._masthead_execution, None
        if execution is None or not self.horse_pid:
            return
        try:
            record_rq_run(self.connection, execution.key, os.getpid(), self.horse_pid)
        except Exception:  # the run goes on; if this worker dies, its heartbeat has to lapse
            self.log.exception("could not record the work horse of task %s", job.id)

    def clean_registries(self) -> None:
        super().clean_registries()
        try:
            recover_rq_tasks()
        except StopRequested:  # RQ's way out of an idle worker on a stop: not to be swallowed
            raise
        except Exception:  # the worker itself must keep running; the next clean-up tries again
            self.log.exception("task recovery failed")

    def handle_exception(self, job: Any, *exc_info: Any) -> None:
        kind = exc_info[0] if exc_info else None
        if kind is not None and issubclass(kind, taskstop.TaskInterrupted):
            return  # a stop, not an error: no traceback, no error reporting
        super().handle_exception(job, *exc_info)

    def handle_warm_shutdown_request(self) -> None:
        super().handle_warm_shutdown_request()
        if self.horse_pid:
            self.kill_horse(sig=signal.SIGTERM)  # "stop at the next safe point", not a kill

    def setup_work_horse_signals(self) -> None:
        super().setup_work_horse_signals()
        taskstop.clear_stop()
        signal.signal(signal.SIGTERM, _stop_in_horse)

    def handle_job_failure(self, job: Any, queue: Any, *args: Any, **kwargs: Any) -> None:
        super().handle_job_failure(job, queue, *args, **kwargs)
        if taskstop.INTERRUPTED in (kwargs.get("exc_string") or ""):
            FailedJobRegistry(queue=queue).requeue(job.id, at_front=True)
            self.log.warning("task %s (%s) queued again: the worker stopped", job.id, job.func_name)
