"""The unsubscribe page a mail links to: no login, no cookies, effective at once.

GET shows a confirmation with one button (a link checker or a mail client's preview opens
links: a GET alone never unsubscribes). POST unsubscribes: the page's button, or a mail
client's one-click request (RFC 8058: ``List-Unsubscribe=One-Click`` in the body, no cookies,
so no CSRF token can exist; the signed token in the URL is the proof instead).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..models.followup import OptOutChannel
from .consent import customer_of_token, withdraw

ONE_CLICK_BODY = "One-Click"
TEMPLATE = "upsell_app/mail/unsubscribe.html"


@csrf_exempt  # RFC 8058: mail clients POST without cookies; the signed token authorises
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    customer = customer_of_token(token)
    if customer is None:
        return render(request, TEMPLATE, {"state": "invalid"}, status=400)
    if request.method == "GET":
        return render(request, TEMPLATE, {"state": "confirm"})
    one_click = request.POST.get("List-Unsubscribe") == ONE_CLICK_BODY
    withdraw(customer, OptOutChannel.ONE_CLICK if one_click else OptOutChannel.LINK)
    return render(request, TEMPLATE, {"state": "done"})
