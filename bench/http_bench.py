"""The offers endpoint against DRF views that do the same I/O, and less, in one run.

Seeds 1,000 active offers and shoppers with a 10-line cart each, then prints:

- (e) Redis round trips and SQL queries per request, counted by instrumenting the clients
  (:mod:`bench.io_count`): a warm decision that shows a pop-up, a request held back by
  restraint, and the two comparison views;
- in-process (Django test client, full middleware): microseconds per request;
- over HTTP: gunicorn on 127.0.0.1 driven by ``wrk`` (bounded: a few seconds per URL), each
  shopper's visit being ``VISIT`` requests of its own session, then the next shopper:
  (a) the offers endpoint vs the *reference* view, which does the offers request's unavoidable
  I/O and nothing else (the session read, one multi-get, and one three-command pipelined write
  when a pop-up is shown; see :mod:`bench.urls`): targets throughput >= 0.8x, p99 <= 1.5x;
  (c) the offers endpoint vs the *bare* DRF view (the session read only): the old ratio, a
  reference figure without a target.

Two traffic profiles, each with its own server and its own comparison figures:
- *worst case*: restraint off, every request runs the whole decision and shows a pop-up (cart
  read on a shopper's first request, selection, signed quotes, restraint memory written, an
  impression event buffered);
- *shop defaults*: the shop's restraint (3 pop-ups a session, 60 s apart): a visit shows one
  pop-up and its other requests are held back.
Throttling stays on (per shopper, as shops run it). Sessions are cached in Redis (``cached_db``),
so every view's session read is one Redis ``GET``.
Run with ``python -m bench.http_bench``.
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
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["BENCH_RESTRAINT"] = "off"  # in-process figures: the worst case
ROOT = Path(__file__).resolve().parent.parent
(ROOT / "artifacts").mkdir(exist_ok=True)

import django  # noqa: E402

django.setup()

from django.contrib.sessions.backends.cached_db import SessionStore  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from bench.io_count import IOCount, count_io  # noqa: E402
from shop_demo.shop.models import Cart, CartLine, Category, Product  # noqa: E402
from upsell_app.models import Offer  # noqa: E402
from upsell_app.serving import moments  # noqa: E402

N_PRODUCTS, N_OFFERS, CART_LINES = 2_000, 1_000, 10
OFFERS_URL = "/upsell/api/offers/?trigger=cart_view"
BARE_URL = "/bench/bare/"
REFERENCE_URL = "/bench/reference/"
VIEWS = {"bare DRF view": BARE_URL, "reference view": REFERENCE_URL, "offers endpoint": OFFERS_URL}
# (a): the offers endpoint against the reference view.
TARGET_THROUGHPUT, TARGET_P99 = 0.8, 1.5
WRK_SECONDS, WRK_CONNECTIONS = 5, 8
VISIT = 4  # requests of one shopper's visit: add to cart, cart, cart again, checkout
SLICE = 4_000  # shoppers per wrk run: every run meets shoppers it has not seen
RUNS = 4  # per URL and profile: one to warm the workers, three measured
PROFILES = {"worst case": "off", "shop defaults": "default"}
# One connection per wrk thread, each thread its own shoppers: a visit's requests come one after
# the other, as a shopper's do, never all at once.
WRK_SCRIPT = """
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end
local keys, i, visit, threads = {}, 0, 1, 1
function init(args)
  for line in io.lines(args[1]) do keys[#keys + 1] = line end
  visit, threads = tonumber(args[2]), tonumber(args[3])
end
function request()
  local v = math.floor(i / visit) * threads + id
  i = i + 1
  return wrk.format(nil, nil, {["Cookie"] = "sessionid=" .. keys[(v % #keys) + 1]})
end
"""


def seed() -> list[str]:
    """Fresh catalogue, offers and shoppers with a 10-line cart each; returns their session keys."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    rng = random.Random(3)
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        Offer.objects.all().delete()
        CartLine.objects.all().delete()
        Cart.objects.all().delete()
        Product.objects.all().delete()
        Session.objects.all().delete()
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
        keys = [
            get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
            for _ in range(SLICE * RUNS)
        ]
        store, expires = SessionStore(), timezone.now() + timezone.timedelta(days=1)
        Session.objects.bulk_create(
            (
                Session(session_key=k, session_data=store.encode(session(k)), expire_date=expires)
                for k in keys
            ),
            batch_size=5_000,
        )
        carts = Cart.objects.bulk_create((Cart(session_key=k) for k in keys), batch_size=5_000)
        CartLine.objects.bulk_create(
            (
                CartLine(cart=cart, product_id=p, quantity=1, unit_price=Decimal(1000))
                for cart in carts
                for p in rng.sample(popular, CART_LINES)
            ),
            batch_size=10_000,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The previous run's rows are dead tuples until vacuumed: clean them and refresh the
            # planner's statistics, as autovacuum does on a running shop.
            cursor.execute("VACUUM ANALYZE")
    warm_caches(keys)
    return keys


def session(key: str) -> dict[str, str]:
    """A seeded shopper's session data: the app's shopper token, which the shop's add-to-cart
    signal gave it when the cart was filled (the offers request would otherwise create it and
    save the session on the visit's first pop-up)."""
    return {moments.SESSION_TOKEN: f"bench-{key}"}


def warm_caches(keys: list[str]) -> None:
    """An empty cache, then the shoppers' sessions in it, as a running shop has them.

    Nothing else is kept: no restraint memory, no cached carts. Without this the first run over
    a slice (the bare view's) would pay the sessions' database reads for the offers run.
    """
    from django.conf import settings
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX

    caches["default"].clear()
    sessions = caches[settings.SESSION_CACHE_ALIAS]
    for start in range(0, len(keys), 5_000):
        batch = keys[start : start + 5_000]
        sessions.set_many({KEY_PREFIX + k: session(k) for k in batch}, settings.SESSION_COOKIE_AGE)


def in_process(keys: list[str], n: int = 2_000) -> dict[str, float]:
    """Per request, in this process (worst-case profile). The views take turns, round by round,
    so a machine busy with other work slows them alike."""
    client = Client()
    visits = {name: iter(keys[i // VISIT] for i in range(len(keys) * VISIT)) for name in VIEWS}
    runs: dict[str, list[float]] = {name: [] for name in VIEWS}
    for name, url in VIEWS.items():
        for _ in range(50):  # warm: index built, sessions and carts cached
            client.cookies["sessionid"] = next(visits[name])
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content[:300])
    for _ in range(5):
        for name, url in VIEWS.items():
            start = time.perf_counter()
            for _ in range(n // 5):
                client.cookies["sessionid"] = next(visits[name])
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            runs[name].append((time.perf_counter() - start) / (n // 5) * 1e6)
    return {name: statistics.median(times) for name, times in runs.items()}


def io_per_request(keys: list[str], reps: int = 60) -> dict[str, tuple[IOCount, bool, float]]:
    """(e): what one request costs, per view and case: its I/O, counted on the clients, whether
    it showed a pop-up, and its median time in-process (microseconds over ``reps`` shoppers; the
    cases take turns, so a machine busy with other work slows them alike).

    Warm: the shopper was seen before (session, cart snapshot and the offer index cached), as on
    the later requests of a visit. Shoppers from the end of the list: the in-process figures use
    the first ones, and the HTTP runs start from an empty cache.
    """
    from django.test import override_settings

    from shop_demo.settings import UPSELL as SHOP_DEFAULTS
    from upsell_app.serving import shopper_state

    client = Client()
    shoppers = iter(reversed(keys))
    worst_case = {  # name: (url, seen before, pop-up forgotten)
        "offers: first request of a visit": (OFFERS_URL, False, False),
        "offers: warm, showing a pop-up": (OFFERS_URL, True, True),
        "offers: warm, nothing to show": (OFFERS_URL, True, False),  # this cart's pop-up seen
        "reference view, writing": (REFERENCE_URL, True, False),
        "bare DRF view": (BARE_URL, True, False),
    }
    shop_defaults = {"offers: warm, held back by restraint": (OFFERS_URL, True, False)}

    def one(url: str, seen: bool, forget: bool, count: bool) -> Any:
        key = next(shoppers)
        client.cookies["sessionid"] = key
        if seen:
            client.get(url)
        if forget:  # the pop-up's memory gone: the next decision shows one, warm
            caches["default"].delete(shopper_state._state_key(key))
        if count:
            with count_io() as io:
                body = client.get(url).json()
            return io, body.get("offer") is not None
        start = time.perf_counter()
        client.get(url)
        return (time.perf_counter() - start) * 1e6

    def measure(cases: dict[str, tuple[str, bool, bool]]) -> dict[str, tuple]:
        counted = {name: one(*case, count=True) for name, case in cases.items()}
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(reps):
            for name, case in cases.items():
                times[name].append(one(*case, count=False))
        return {name: (*counted[name], statistics.median(times[name])) for name in cases}

    one(OFFERS_URL, True, False, False)  # this process's offer index, a flush scheduled
    found = measure(worst_case)
    with override_settings(UPSELL=SHOP_DEFAULTS):  # the shop's cool-down holds it back
        one(OFFERS_URL, True, False, False)
        found.update(measure(shop_defaults))
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, keys: list[str], workdir: Path) -> tuple[float, float, int]:
    """(requests/s, p99 latency in ms, requests) for shoppers ``keys`` visiting ``url`` VISIT
    times each."""
    (workdir / "keys.txt").write_text("\n".join(keys) + "\n")
    (workdir / "visits.lua").write_text(WRK_SCRIPT)
    result = subprocess.run(
        [
            "wrk",
            f"-t{WRK_CONNECTIONS}",
            f"-c{WRK_CONNECTIONS}",
            f"-d{WRK_SECONDS}s",
            "--timeout",
            "5s",
            "--latency",
            "-s",
            str(workdir / "visits.lua"),
            url,
            "--",
            str(workdir / "keys.txt"),
            str(VISIT),
            str(WRK_CONNECTIONS),
        ],
        capture_output=True,
        text=True,
        timeout=WRK_SECONDS + 30,
    )
    if result.returncode:
        raise RuntimeError(f"wrk failed on {url}: {result.stderr or result.stdout}")
    out = result.stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise RuntimeError(f"{url}: {non_2xx.group(1)} error responses\n{out}")
    total = int(re.search(r"(\d+) requests in", out).group(1))
    if total > len(keys) * VISIT:
        print(f"  note: {total:,} requests outran {len(keys):,} shoppers; later visits repeated")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rate, p99_ms(out), total


def p99_ms(wrk_output: str) -> float:
    """The 99th percentile latency of wrk's ``--latency`` distribution, in milliseconds."""
    value, unit = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", wrk_output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def buffered_events() -> int:
    from upsell_app.analytics import buffer

    url = buffer.buffer_url()
    return buffer.pending(url) if url else 0


def serve(restraint: str) -> tuple[subprocess.Popen, int]:
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
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_RESTRAINT": restraint,
        },
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return server, port


def over_http(keys: list[str], restraint: str) -> dict[str, dict[str, float]]:
    """Every view on one server, taking turns run by run (a machine busy with other work slows
    them alike); each run meets fresh shoppers. Per view: req/s and p99 (ms), medians of the
    measured runs, and the share of requests that showed a pop-up."""
    warm_caches(keys)  # no restraint memory or cached carts left from another profile
    server, port = serve(restraint)
    found: dict[str, dict[str, list[float]]] = {
        name: {"rate": [], "p99": [], "requests": [], "shown": []} for name in VIEWS
    }
    try:
        base = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory() as tmp:
            for run in range(RUNS):
                shoppers = keys[run * SLICE : (run + 1) * SLICE]
                for name, path in VIEWS.items():
                    before = buffered_events()
                    rate, p99, total = wrk(base + path, shoppers, Path(tmp))
                    if run:  # the first run warms every worker
                        figures = found[name]
                        figures["rate"].append(rate)
                        figures["p99"].append(p99)
                        figures["requests"].append(total)
                        figures["shown"].append(buffered_events() - before)
        return {
            name: {
                "rate": statistics.median(figures["rate"]),
                "p99": statistics.median(figures["p99"]),
                "shown": sum(figures["shown"]) / sum(figures["requests"]),
            }
            for name, figures in found.items()
        }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def drop_buffered_events() -> None:
    """Events of the run have no worker here: drop them and the flush tasks they scheduled."""
    from bench.urls import REFERENCE_EVENTS

    caches["default"].client.get_client(write=True).delete(REFERENCE_EVENTS)
    if os.environ.get("CELERY_BROKER_URL"):
        from shop_demo.celery import app
        from upsell_app.analytics import buffer

        events = buffered_events()
        buffer.client(buffer.buffer_url()).delete(buffer.BUFFER_KEY)
        tasks = app.control.purge()
        print(f"  ({events:,} buffered impression events and {tasks} flush tasks dropped)")


def verdict(met: bool) -> str:
    return "MET" if met else "MISSED"


def main() -> None:
    keys = seed()
    db = connection.vendor
    cache_backend = caches["default"].__class__.__name__
    broker = "Redis broker" if os.environ.get("CELERY_BROKER_URL") else "no broker"
    print(
        f"Offers endpoint vs DRF views doing the same I/O and less ({N_OFFERS:,} offers, "
        f"shoppers with a {CART_LINES}-line cart, {VISIT} requests a visit; database {db}, "
        f"cache {cache_backend}, sessions cached, {broker})"
    )
    print(
        "  (e) per request: I/O counted on the Redis and database clients, and the median time "
        "in-process (worst case: restraint off):"
    )
    for name, (io, has_offer, micros) in io_per_request(keys).items():
        trips = ", ".join("+".join(names) for names in io.commands) or "none"
        shown = "  (a pop-up)" if has_offer else ""
        print(
            f"    {name:<38} {io.redis} Redis round trips [{trips}], {io.sql} SQL; "
            f"{micros:,.0f} us in-process{shown}"
        )
    local = in_process(keys)
    print("  in-process (test client, full middleware; worst case: restraint off):")
    for name in VIEWS:
        print(f"    {name:<18} {local[name]:8.1f} us/request")
    offers = local["offers endpoint"]
    print(
        f"    offers/reference {local['reference view'] / offers:5.2f}x throughput   "
        f"offers/bare {local['bare DRF view'] / offers:5.2f}x"
    )
    if shutil.which("wrk") is None:
        print("  wrk not installed (apt-get install wrk): HTTP figures skipped")
        return
    print(
        f"  over HTTP (gunicorn -w 2, wrk -t{WRK_CONNECTIONS} -c{WRK_CONNECTIONS}, "
        f"{WRK_SECONDS}s x 3, median; req/s and p99):"
    )
    for profile, restraint in PROFILES.items():
        http = over_http(keys, restraint)
        bare, ref, off = (http[name] for name in VIEWS)
        print(
            f"    {profile} (pop-up shown in {off['shown']:.0%} of offers requests): "
            f"bare {bare['rate']:,.0f} req/s p99 {bare['p99']:.1f} ms, reference "
            f"{ref['rate']:,.0f} req/s p99 {ref['p99']:.1f} ms, offers {off['rate']:,.0f} req/s "
            f"p99 {off['p99']:.1f} ms"
        )
        speed, tail = off["rate"] / ref["rate"], off["p99"] / ref["p99"]
        print(
            f"      (a) offers vs reference: throughput {speed:4.2f}x (target >= "
            f"{TARGET_THROUGHPUT:.2f}: {verdict(speed >= TARGET_THROUGHPUT)}), p99 {tail:4.2f}x "
            f"(target <= {TARGET_P99:.2f}: {verdict(tail <= TARGET_P99)})"
        )
        print(
            f"      (c) offers vs bare view: throughput {off['rate'] / bare['rate']:4.2f}x, "
            f"p99 {off['p99'] / bare['p99']:4.2f}x (reference figure, no target)"
        )
    drop_buffered_events()


if __name__ == "__main__":
    main()
