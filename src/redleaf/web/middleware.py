"""Pages for what Django answers without one."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from redleaf.web.shortcuts import way_back


class MethodNotAllowedPageMiddleware:
    """Django answers a GET to a POST-only action URL (a link followed, an address typed) with an empty
    405; a person gets a page in the site's look with a way back instead. The API has its own errors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not request.path.startswith("/api/"):
            page = render(request, "web/error.html",
                          {"status": 405, "message": _("This address is for a button, not a page."),
                           "back": way_back(request) if request.method != "GET" else "/"}, status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
