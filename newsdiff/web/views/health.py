"""/healthz: what a container healthcheck or a load balancer asks before sending traffic; and
/favicon.ico, which clients ask for unprompted."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and is fully migrated, else 503 naming the problem."""
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        problem = f"database unreachable ({type(exc).__name__})"
        return JsonResponse({"status": "error", "database": problem}, status=503)
    if pending:
        problem = f"{len(pending)} migrations not applied"
        return JsonResponse({"status": "error", "database": problem}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
@login_not_required
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Feed readers and old browsers ask for /favicon.ico whatever the page's icon link says."""
    return HttpResponsePermanentRedirect(static("newsdiff/favicon.svg"))
