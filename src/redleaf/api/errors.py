"""Every failure under /api/v1/ answers `{"error": {"code", "message"[, "field"]}}` with its 4xx status:
our own RedleafError, ninja's validation and authentication errors, unknown routes and methods,
unreadable or oversized bodies. An unexpected exception is still reported to Django (logs, test
client, error trackers) and answers a JSON 500 rather than an HTML page."""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.core import signals
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from redleaf.api.parser import BodyNotAnObject
from redleaf.core.errors import RedleafError

log = logging.getLogger("redleaf.api")

GENERIC_CODES = {
    400: ("bad_request", _("The request could not be understood.")),
    401: ("unauthenticated", _("Sign in first: send the header “Authorization: Bearer <token>”.")),
    403: ("forbidden", _("You are not allowed to do that.")),
    404: ("not_found", _("There is nothing at this address.")),
    405: ("method_not_allowed", _("This address does not accept that method.")),
    413: ("request_too_large", _("The request is too large.")),
    429: ("rate_limited", _("Too many requests. Wait a little and try again.")),
}


def error_response(code: str, message: Any, status: int, field: str | None = None) -> HttpResponse:
    body: dict[str, str] = {"code": code, "message": str(message)}
    if field:
        body["field"] = field
    return JsonResponse({"error": body}, status=status, json_dumps_params={"ensure_ascii": False})


def generic_error(status: int) -> HttpResponse:
    code, message = GENERIC_CODES.get(status, GENERIC_CODES[400])
    return error_response(code, message, status)


def _redleaf_error(request: HttpRequest, exc: RedleafError) -> HttpResponse:
    return error_response(exc.code, exc.message, exc.status, exc.field)


def _field_of(loc: tuple | list) -> str | None:
    names = [str(part) for part in loc[1:] if isinstance(part, str)]
    names = [n for n in names if n not in {"payload", "__root__"}]
    return names[-1] if names else None


# pydantic's complaints by error type, in the member's language (its own text is English only).
PROBLEMS = {
    "missing": _("it is required"),
    "greater_than_equal": _("it must be at least %(n)s"), "greater_than": _("it must be more than %(n)s"),
    "less_than_equal": _("it must be at most %(n)s"), "less_than": _("it must be less than %(n)s"),
    "int_parsing": _("it must be a whole number"), "int_type": _("it must be a whole number"),
    "int_from_float": _("it must be a whole number"),
    "float_parsing": _("it must be a number"), "float_type": _("it must be a number"),
    "finite_number": _("it must be a number"),
    "bool_parsing": _("it must be true or false"), "bool_type": _("it must be true or false"),
    "string_type": _("it must be text"), "list_type": _("it must be a list"),
    "dict_type": _("it must be an object"), "model_type": _("it must be an object"),
    "string_too_long": _("it must be at most %(n)s characters"),
    "string_too_short": _("it must be at least %(n)s characters"),
    "too_long": _("it must have at most %(n)s items"), "too_short": _("it must have at least %(n)s items"),
    "enum": _("it must be one of: %(n)s"), "literal_error": _("it must be one of: %(n)s"),
    "datetime_parsing": _("it must be a date and time"), "datetime_from_date_parsing": _("it must be a date and time"),
    "date_parsing": _("it must be a date"),
}
LIMITS = ("ge", "gt", "le", "lt", "max_length", "min_length", "expected")  # what %(n)s names, from pydantic's ctx


def _problem(error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in PROBLEMS:
        return str(PROBLEMS[kind]) % {"n": next((ctx[k] for k in LIMITS if k in ctx), "")}
    if kind == "value_error":  # our own validators raise translated messages
        return str(ctx.get("error") or error.get("msg", "")).removeprefix("Value error, ")
    return str(_("it is not valid"))


def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    field = _field_of(first.get("loc", ()))
    problem = _problem(first)
    if field is None:
        message = _("The request body is missing or incomplete.")
    else:
        message = _("Invalid value for “%(field)s”: %(problem)s") % {"field": field, "problem": problem}
    return error_response("invalid_request", message, 400, field)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        return generic_error(401)
    if isinstance(exc, Throttled):
        return generic_error(429)
    if exc.status_code == 400 and isinstance(exc.__cause__, BodyNotAnObject):
        return error_response("invalid_request", _("The request body must be a JSON object."), 400)
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        # ninja wraps json.loads' error as "Cannot parse request body"
        return error_response("invalid_json", _("The request body is not valid JSON."), 400)
    return generic_error(exc.status_code)


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return generic_error(404)


def _too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response("request_too_large", _("The request is too large or has too many parts."), 413)


def _suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
    return generic_error(400)


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Tell Django an exception happened (the test client re-raises it; error trackers listen),
    # then answer in the API's own shape.
    log.error("API error on %s %s", request.method, request.path, exc_info=exc)
    if sys.exc_info()[1] is exc:
        signals.got_request_exception.send(sender=None, request=request)
    return error_response("server_error", _("Something went wrong on our side. Please try again."), 500)


def install(api) -> None:
    api.add_exception_handler(RedleafError, _redleaf_error)
    api.add_exception_handler(ValidationError, _validation_error)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(Http404, _not_found)
    for exc_class in (RequestDataTooBig, TooManyFilesSent, TooManyFieldsSent):
        api.add_exception_handler(exc_class, _too_large)
    api.add_exception_handler(SuspiciousOperation, _suspicious)
    api.add_exception_handler(Exception, _unexpected)
