"""Every error of the shopper API is JSON with ``detail`` (a sentence) and ``code`` (stable).

DRF's own errors (throttled, wrong method or media type, unreadable JSON, CSRF) get their code
from the exception; a serializer's field errors become ``code: "invalid"`` with the fields under
``errors``. A URL under the API that names nothing (``/offers/abc/accept/``) is a JSON 404 too,
not the shop's HTML page.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import APIException, ValidationError

#: Largest id a database key holds (a signed 64-bit integer): ids above it name nothing.
MAX_ID = 2**63 - 1


def error_body(exc: APIException, data: Any) -> dict[str, Any]:
    """The JSON body of a refusal DRF raised, with ``detail`` and ``code``."""
    if isinstance(exc, ValidationError) or not (isinstance(data, dict) and "detail" in data):
        return {"detail": _("The request is not valid."), "code": "invalid", "errors": data}
    body = dict(data)
    if "code" not in body:
        codes = exc.get_codes()
        is_csrf = str(body["detail"]).startswith("CSRF Failed")
        body["code"] = "csrf_failed" if is_csrf else (codes if isinstance(codes, str) else "error")
    return body


class ObjectIdConverter:
    """A database id in a path: 1 to :data:`MAX_ID`; anything else does not match the URL."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # Django treats it as "this URL does not match"
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


@csrf_exempt  # it changes nothing; a POST to a wrong URL deserves a 404, not a CSRF page
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """A URL under the API that names no endpoint or object."""
    detail = _("There is no such API address: %(path)s") % {"path": request.path}
    if not request.path.endswith("/"):
        try:
            resolve(request.path + "/")
        except Resolver404:
            pass
        else:
            detail = _("API addresses end with a slash: %(path)s/") % {"path": request.path}
    return JsonResponse({"detail": detail, "code": "not_found"}, status=404)
