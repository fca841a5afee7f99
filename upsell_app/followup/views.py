"""The unsubscribe page a mail links to: no login, no cookies, effective at once.

GET shows a confirmation with one button (a link checker or a mail client's preview opens
links: a GET alone never unsubscribes). POST unsubscribes: the page's button, or a mail
client's one-click request (RFC 8058: ``List-Unsubscribe=One-Click`` in the body, no cookies,
so no CSRF token can exist; the signed token in the URL is the proof instead).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..models.followup import OptOutChannel
from .consent import customer_of_token, withdraw
from .links import EXPIRED, FOREIGN, INVALID, open_link

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


LINK_REFUSED = "upsell_app/mail/link_refused.html"
#: A refused link's status: gone for an expired one, forbidden for another shopper's.
REFUSED_STATUS = {EXPIRED: 410, FOREIGN: 403, INVALID: 400}


@require_http_methods(["GET"])
def mail_offer(request: HttpRequest, token: str) -> HttpResponse:
    """A mail's offer link: the shop's page opens with the offer's pop-up, or a page says why
    not (expired, opened in another browser, no longer available) and nothing changes."""
    opened = open_link(request, token)
    if opened.refused:
        status = REFUSED_STATUS.get(opened.refused, 409)
        context = {"state": opened.refused, "shop_url": "/"}
        return render(request, LINK_REFUSED, context, status=status)
    return redirect(opened.landing)
