"""The task worker stops between tasks without cutting its claim short (django-tasks-db#61)."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import get_commands

from newsdiff.uploads.management.commands.db_worker import Worker

ROOT = Path(__file__).resolve().parents[2]


def make_worker() -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0.1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )


def test_manage_py_runs_our_worker_not_upstreams() -> None:
    assert get_commands()["db_worker"] == "newsdiff.uploads"


def test_a_stop_between_tasks_ends_the_loop_instead_of_exiting_mid_transaction() -> None:
    worker = make_worker()
    worker.shutdown(signal.SIGTERM, None)  # upstream raises SystemExit(0) here
    assert worker.running is False


def test_a_stop_during_a_task_lets_it_finish_and_a_second_stop_forces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    worker = make_worker()
    # Forcing resets the process's signal handlers: not pytest's own.
    monkeypatch.setattr(worker, "reset_signals", lambda: None)
    worker.running_task = True
    worker.shutdown(signal.SIGTERM, None)
    assert worker.running is False
    with pytest.raises(SystemExit) as exit:
        worker.shutdown(signal.SIGTERM, None)
    assert exit.value.code == 1


@pytest.mark.process
def test_sigterm_stops_a_polling_worker_cleanly(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PATH": "/usr/bin:/bin",
        "XDG_CONFIG_HOME": str(tmp_path),  # the generated secret key goes here, not to ~
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    worker = subprocess.Popen(
        [*manage, "db_worker", "--no-reload", "--interval", "0.05", "--no-startup-delay"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        assert worker.stdout is not None
        lines = [worker.stdout.readline()]
        while "Starting worker" not in lines[-1] and lines[-1]:  # its handlers are set by then
            lines.append(worker.stdout.readline())
        time.sleep(0.5)  # polling 20 times a second: the signal lands in or between its claims
        worker.send_signal(signal.SIGTERM)
        output = "".join(lines) + worker.communicate(timeout=30)[0]
    finally:
        worker.kill()  # no-op once it has exited
    assert worker.returncode == 0, output
    assert "Traceback" not in output and "stopping after this poll" in output
