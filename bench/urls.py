"""The demo shop's URLs plus two DRF views the offers endpoint is compared with.

- ``bench/bare/``: same framework, same middleware, no work (the old floor, kept for reference).
- ``bench/reference/``: the I/O no offers request can avoid, done as plainly as DRF allows: the
  session read, one multi-get of the shopper's keys, and, when a pop-up would be shown, one
  pipelined write of three commands (restraint memory ``SET``, throttle ``INCR``, impression
  ``RPUSH``). It shows a pop-up when the offers endpoint would in the benchmark's profile: on
  every request with restraint off, on a shopper's first request with the shop's defaults.
"""

import json
import os
import time
import uuid

from django.core.cache import caches
from django.shortcuts import render
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from shop_demo.shop.cart import read_cart
from shop_demo.shop.upsell_adapter import get_cart
from shop_demo.urls import urlpatterns as shop_urlpatterns

#: Where the reference view appends its impressions (dropped after the run).
REFERENCE_EVENTS = "bench:reference:events"


class BareView(APIView):
    """Same framework, same middleware, no work: what a DRF request costs at the least."""

    def get(self, request):
        return Response({"offer": None})


class ReferenceView(APIView):
    """The offers request's unavoidable I/O and nothing else (see the module's docstring)."""

    every_request = os.environ.get("BENCH_RESTRAINT") == "off"

    def get(self, request):
        session_key = request.session.session_key or ""  # the session read (middleware, auth)
        memory, count = f"bench:memory:{session_key}", f"bench:count:{session_key}"
        cache = caches["default"]
        # The shopper's memory, the throttle's count and the offer index's version, as one read.
        found = cache.get_many([memory, count, "bench:version"])
        if found.get(memory) is not None and not self.every_request:
            return Response({"offer": None})  # held back: the read was all
        client = cache.client.get_client(write=True)
        state = {"declined": [], "shown": 1, "last_at": time.time(), "browsing": 0, "carts": []}
        event = {"uid": uuid.uuid4().hex, "type": "impression", "offer_id": 1, "trigger": ""}
        pipe = client.pipeline(transaction=False)
        pipe.set(cache.make_key(memory), cache.client.encode(state), px=3_600_000)
        pipe.incr(cache.make_key(count))
        pipe.rpush(REFERENCE_EVENTS, json.dumps(event))
        pipe.execute()
        return Response({"offer": None})


def cart_without_upsell(request):
    """The demo's cart view (``shop.views.cart``) rendering the cart page with its
    ``{% upsell_widget %}`` block left empty: no moment taken, no decision, no script."""
    contents = read_cart(request, get_cart(request, create=False))
    return render(request, "bench/cart_without_upsell.html", {"contents": contents})


urlpatterns = [
    path("bench/bare/", BareView.as_view()),
    path("bench/reference/", ReferenceView.as_view()),
    path("bench/cart-without-upsell/", cart_without_upsell),
    *shop_urlpatterns,
]
