"""`manage.py db_worker`: django-tasks-db's worker, stopped between tasks without a cut commit.

django-tasks-db 0.13's worker calls `sys.exit(0)` from its SIGTERM handler whenever no task is
running, and that includes the transaction in which it claims the next task. A stop (compose,
systemd, `make run`'s Ctrl-C) landing in that claim's COMMIT leaves the task RUNNING under a
dead worker, so an upload would wait for ever, and the worker exits 1 with a traceback
(RealOrangeOne/django-tasks-db#61, open). Here the first signal only ends the loop: the claim
commits, a task claimed in it still runs, and the worker then exits 0. A second signal still
stops it at once, as upstream's does.
"""

import signal
from types import FrameType
from typing import Any

from django_tasks_db.management.commands import db_worker as upstream

UpstreamWorker = upstream.Worker


class Worker(UpstreamWorker):
    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if self.running_task or not self.running:
            return super().shutdown(signum, frame)
        upstream.logger.warning(
            "Received %s - stopping after this poll (again to force)", signal.strsignal(signum)
        )
        # The loop checks this after its claim and its sleep (at most --interval seconds).
        self.running = False


class Command(upstream.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        # Upstream's handle builds its Worker by the module's name for it; lend it ours.
        upstream.Worker = Worker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            upstream.Worker = UpstreamWorker  # type: ignore[misc]
