"""Schemathesis hooks for the contract run (loaded by ``hooks`` in schemathesis.toml).

Gunicorn refuses a request line longer than ``limit_request_line`` (4,094 bytes by default) with
its own HTML "414 URI Too Long", and a header line longer than ``limit_request_field_size`` with
its own HTML 400, before the app is called: such a request tests the HTTP server, not the API.
A fuzzer's list of long non-ASCII strings in one query parameter, percent-encoded, gets there
(one in ~10,000 cases). Only those cases are left out; every request that reaches the API is
sent and judged by every check.
"""

from __future__ import annotations

import requests
import schemathesis
from gunicorn.config import LimitRequestFieldSize, LimitRequestLine

#: The server's own limits, as the contract run's gunicorn has them (its defaults).
REQUEST_LINE_LIMIT = LimitRequestLine.default
HEADER_LINE_LIMIT = LimitRequestFieldSize.default


def reaches_the_app(method: str, url: str, params: object, headers: dict[str, str]) -> bool:
    """Whether gunicorn would hand this request to the app rather than refuse it itself."""
    prepared = requests.Request(method, url, params=params).prepare()
    request_line = f"{method.upper()} {prepared.path_url} HTTP/1.1"
    header_lines = (f"{name}: {value}" for name, value in headers.items())
    return len(request_line) <= REQUEST_LINE_LIMIT and all(
        len(line.encode("utf-8", "surrogatepass")) <= HEADER_LINE_LIMIT for line in header_lines
    )


@schemathesis.hook
def filter_case(context, case) -> bool:  # noqa: ANN001 - schemathesis's hook signature
    kwargs = case.as_transport_kwargs()
    return reaches_the_app(
        kwargs["method"], kwargs["url"], kwargs.get("params"), kwargs.get("headers") or {}
    )
