"""The offers endpoint against a bare DRF view, in-process and over HTTP, in the same run.

Seeds 1,000 active offers and a 10-line cart, then measures:
1. in-process (Django test client, full middleware): microseconds per request;
2. over HTTP: gunicorn on 127.0.0.1 driven by ``wrk`` (bounded: a few seconds per URL).
Target: offers requests/s >= 0.8 x the bare view. Run with ``python -m bench.http_bench``.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
ROOT = Path(__file__).resolve().parent.parent
(ROOT / "artifacts").mkdir(exist_ok=True)

import django  # noqa: E402

django.setup()

from django.contrib.sessions.backends.cached_db import SessionStore  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from shop_demo.shop.models import Cart, CartLine, Category, Product  # noqa: E402
from upsell_app.models import Offer  # noqa: E402

N_PRODUCTS, N_OFFERS, CART_LINES = 2_000, 1_000, 10
OFFERS_URL = "/upsell/api/offers/?trigger=cart_view"
BARE_URL = "/bench/bare/"
WRK_SECONDS, WRK_CONNECTIONS = 5, 8


def seed() -> str:
    """Fresh catalogue, offers and one shopper's cart; returns the session key."""
    rng = random.Random(3)
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        Offer.objects.all().delete()
        CartLine.objects.all().delete()
        Cart.objects.all().delete()
        Product.objects.all().delete()
        category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
        Product.objects.bulk_create(
            Product(
                slug=f"p{i}",
                name=f"Product {i}",
                category=category,
                price=Decimal(rng.randrange(500, 100_000, 100)),
                stock=50,
            )
            for i in range(N_PRODUCTS)
        )
        ids = list(Product.objects.values_list("pk", flat=True).order_by("pk"))
        popular = ids[:300]
        offers = Offer.objects.bulk_create(
            Offer(
                name=f"Cross-sell {i}",
                kind="cross_sell",
                priority=rng.randrange(200),
                triggers=["cart_view", "add_to_cart"],
                headline="Goes well with {source}",
                value_message="{product} for {price}",
                discount_type="percent",
                discount_value=Decimal(10),
            )
            for i in range(N_OFFERS)
        )
        through_s, through_t = Offer.source_products.through, Offer.target_products.through
        through_s.objects.bulk_create(
            through_s(offer_id=o.pk, product_id=p) for o in offers for p in rng.sample(popular, 2)
        )
        through_t.objects.bulk_create(
            through_t(offer_id=o.pk, product_id=p) for o in offers for p in rng.sample(ids[300:], 3)
        )
        session = SessionStore()
        session.create()
        cart = Cart.objects.create(session_key=session.session_key)
        CartLine.objects.bulk_create(
            CartLine(cart=cart, product_id=p, quantity=1, unit_price=Decimal(1000))
            for p in rng.sample(popular, CART_LINES)
        )
    caches["default"].clear()
    return session.session_key


def in_process(session_key: str, n: int = 2_000) -> dict[str, float]:
    client = Client()
    client.cookies["sessionid"] = session_key
    results = {}
    for name, url in (("bare DRF view", BARE_URL), ("offers endpoint", OFFERS_URL)):
        for _ in range(50):  # warm: index built, session and cart cached
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content[:300])
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(n // 5):
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            runs.append((time.perf_counter() - start) / (n // 5) * 1e6)
        results[name] = statistics.median(runs)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(OFFERS_URL).json()
    results["queries"] = len(queries)
    results["has_offer"] = body.get("offer") is not None
    return results


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, session_key: str) -> float:
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{WRK_CONNECTIONS}",
            f"-d{WRK_SECONDS}s",
            "--timeout",
            "5s",
            "-H",
            f"Cookie: sessionid={session_key}",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=WRK_SECONDS + 30,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise RuntimeError(f"{url}: {non_2xx.group(1)} error responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def over_http(session_key: str) -> dict[str, float] | None:
    if shutil.which("wrk") is None:
        print("  wrk not installed (apt-get install wrk): HTTP figures skipped")
        return None
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        results = {}
        for name, path in (("bare DRF view", BARE_URL), ("offers endpoint", OFFERS_URL)):
            wrk(base + path, session_key)  # warm every worker
            results[name] = statistics.median(wrk(base + path, session_key) for _ in range(3))
        return results
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def purge_event_queue() -> None:
    """Events published to the broker during the run have no worker here: drop them."""
    if os.environ.get("CELERY_BROKER_URL"):
        from shop_demo.celery import app

        dropped = app.control.purge()
        print(f"  ({dropped} analytics messages published to the broker during the run, purged)")


def main() -> None:
    session_key = seed()
    db = connection.vendor
    cache_backend = caches["default"].__class__.__name__
    broker = "Redis broker" if os.environ.get("CELERY_BROKER_URL") else "no broker"
    print(
        f"Offers endpoint vs bare DRF view ({N_OFFERS:,} offers, {CART_LINES}-line cart, "
        f"database {db}, cache {cache_backend}, {broker})"
    )
    local = in_process(session_key)
    bare, offers = local["bare DRF view"], local["offers endpoint"]
    print("  in-process (test client, full middleware):")
    print(f"    bare DRF view      {bare:8.1f} us/request")
    print(
        f"    offers endpoint    {offers:8.1f} us/request"
        f"   (returns an offer: {local['has_offer']})"
    )
    print(f"    ratio bare/offers  {bare / offers:8.2f}   (1.0 = as fast as the bare view)")
    print(f"    SQL queries in a warm offers request: {local['queries']}")
    http = over_http(session_key)
    if http:
        b, o = http["bare DRF view"], http["offers endpoint"]
        print(f"  over HTTP (gunicorn -w 2, wrk -c{WRK_CONNECTIONS}, {WRK_SECONDS}s x 3, median):")
        print(f"    bare DRF view      {b:8.0f} req/s")
        print(f"    offers endpoint    {o:8.0f} req/s")
        verdict = "MET" if o / b >= 0.8 else "MISSED"
        print(f"    ratio offers/bare  {o / b:8.2f}   target >= 0.80: {verdict}")
    purge_event_queue()


if __name__ == "__main__":
    main()
