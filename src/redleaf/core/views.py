from __future__ import annotations

from django.db import connection
from django.http import JsonResponse

from redleaf import __version__


def healthz(request):
    """200 when the app can reach its database, 503 when it cannot."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor, "version": __version__})


def ping(request):
    """The trivial view that `redleaf bench web` measures our pages against."""
    return JsonResponse({"pong": True})
