"""A stand-in for the offers API inside the browser (Playwright routing), recording each request.

Used by the widget tests that specify client behaviour the real API cannot easily be made to show
on demand: a 503 followed by success, a 409 with a detail, an empty answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Page, Request, Route

from . import payloads

API = re.compile(r"/upsell/api/offers/")


@dataclass
class Seen:
    method: str
    url: str
    headers: dict[str, str]
    body: dict[str, Any] | None

    @property
    def action(self) -> str:
        """``offers``, ``accept``, ``decline`` or ``dismiss``."""
        path = self.url.split("?", 1)[0].rstrip("/")
        last = path.rsplit("/", 1)[-1]
        return last if last in {"accept", "decline", "dismiss"} else "offers"


@dataclass
class StubApi:
    offer: dict[str, Any] | None
    #: Answers to successive accept requests as (status, body); then 200 with the demo cart.
    accept_answers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)

    def install(self, page: Page) -> StubApi:
        page.route(API, self._handle)
        return self

    def requests(self, action: str) -> list[Seen]:
        return [s for s in self.seen if s.action == action]

    def _handle(self, route: Route, request: Request) -> None:
        body = None
        if request.post_data:
            body = json.loads(request.post_data)
        seen = Seen(request.method, request.url, request.headers, body)
        self.seen.append(seen)
        if seen.action == "offers":
            route.fulfill(json={"offer": self.offer})
        elif seen.action == "accept":
            status, answer = (
                self.accept_answers.pop(0)
                if self.accept_answers
                else (200, {"accepted": True, "offer_id": self.offer["id"], "cart": payloads.CART})
            )
            route.fulfill(status=status, json=answer)
        elif seen.action == "decline":
            route.fulfill(json={"declined": True})
        else:
            route.fulfill(json={"dismissed": True})
