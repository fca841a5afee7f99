"""CSRF for every shopper, not only logged-in ones.

DRF's ``SessionAuthentication`` checks CSRF only for authenticated users, and ``APIView`` exempts
its views from Django's middleware. An anonymous shopper's cart lives in the session cookie, so
a forged cross-site POST could change it: these views run the middleware's check themselves.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError, PermissionDenied
from rest_framework.request import Request

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
#: Django's form parsing fails with these on a body it cannot read (a multipart body without a
#: boundary, a form over DATA_UPLOAD_MAX_* limits); the check reads the form for a token before
#: it looks at the header.
UNREADABLE_FORM_ERRORS = (
    MultiPartParserError,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request: Any, reason: str) -> str:  # type: ignore[override]
        return reason  # the reason, not Django's HTML 403 page: DRF renders the error


def _no_response(request: Any) -> None:
    return None


def enforce_csrf(request: Request) -> None:
    """Raise 403 unless the request carries a valid CSRF token (unsafe methods only)."""
    if request.method in SAFE_METHODS:
        return
    django_request = request._request
    check = _CsrfCheck(_no_response)
    check.process_request(django_request)  # reads the token from the cookie or session
    try:
        reason = check.process_view(django_request, None, (), {})
    except UNREADABLE_FORM_ERRORS as exc:
        # Left alone, Django answers its HTML "Bad Request (400)" page and logs a traceback; the
        # widget and the shop's own clients expect the API's JSON error. Nothing has changed yet.
        raise ParseError(_("The request body could not be read: send JSON.")) from exc
    if reason is not None:
        raise PermissionDenied(f"CSRF Failed: {reason}")


class CsrfEnforcedMixin:
    """Add to an ``APIView``: unsafe methods need a CSRF token, logged in or not."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        enforce_csrf(request)
