"""Placeholder while this module is being written (replaced before it lands)."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


guidelines = transparency = report = statements = statement = my_reports = _todo
queue = next_case = case = claim = decide = audit = languages = _todo
