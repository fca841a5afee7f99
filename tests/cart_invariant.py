"""The cart invariant, held down by random shoppers: a model of what the pop-ups agreed, and one
state machine that drives any shop through a thin driver (its own views and the app's API).

After **every** step nothing answers 5xx, and the shop's cart total (and the order total once
placed) is exactly

    Σ shop price × quantity
    − Σ over lines still agreed: (shop price − agreed price) × min(quantity now, quantity agreed)
    − every set discount whose lines are all still in the cart,

where "agreed" is what the pop-up showed when the shopper accepted (product, unit price, and the
quantity it was shown for), an agreement counts only while its line holds the product it was agreed
for (once lost it stays lost), the latest agreement on a line replaces an earlier one, an undone
acceptance agrees nothing, and what an order used is gone with that order.

Each shop's test module supplies a :class:`Driver` and calls :func:`run_machine`. The number of
examples comes from the ``cart-invariant`` settings profile (200; ``CART_INVARIANT_EXAMPLES``
overrides it for a quick local run); the seed is printed, and ``CART_INVARIANT_SEED`` replays it.
To check the machine itself on paths the known bugs do not touch, three switches narrow a local
run: ``CART_INVARIANT_KINDS`` (e.g. ``cross_sell,bundle``) limits which kinds of offer are
accepted, ``CART_INVARIANT_LIST_PRICES=1`` makes every line offer sell at the shop's price (set
discounts stay), ``CART_INVARIANT_SKIP`` (``undo``, ``quantity``, ``order``, ``voucher``) leaves
steps out. CI sets none of them.
"""

from __future__ import annotations

import json
import os
import random
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule, run_state_machine_as_test

Lines = dict[str, tuple[int, int]]  # line id -> (product id, quantity)

KINDS = ("upsell", "cross_sell", "bundle", "subscription", "downsell")

settings.register_profile(
    "cart-invariant",
    max_examples=200,
    stateful_step_count=12,
    deadline=None,
    derandomize=False,
    print_blob=True,
    report_multiple_bugs=False,  # one shrunk failure, found quickly, rather than several slowly
    database=None,  # a replayed failure comes from the printed seed, not a local file
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def profile() -> settings:
    chosen = settings.get_profile("cart-invariant")
    examples = os.environ.get("CART_INVARIANT_EXAMPLES")
    return settings(chosen, max_examples=int(examples)) if examples else chosen


def accepted_kinds() -> set[str]:
    wanted = os.environ.get("CART_INVARIANT_KINDS", "")
    return {k.strip() for k in wanted.split(",") if k.strip()} or set(KINDS)


def skipped() -> set[str]:
    return {x.strip() for x in os.environ.get("CART_INVARIANT_SKIP", "").split(",") if x.strip()}


def line_discount(discount_type: str, value: str) -> dict[str, Any]:
    """An offer's discount on its lines, unless the local run asks for list prices."""
    if os.environ.get("CART_INVARIANT_LIST_PRICES"):
        return {"discount_type": "none", "discount_value": Decimal("0")}
    return {"discount_type": discount_type, "discount_value": Decimal(value)}


# -- the model: what was agreed ------------------------------------------------------------------
@dataclass
class LineAgreement:
    line_id: str
    product_id: int
    unit_price: Decimal
    quantity: int
    order: int  # when it was agreed: the latest on a line wins
    lost: bool = False


@dataclass
class SetAgreement:
    amount: Decimal
    members: tuple[tuple[str, int], ...]
    lost: bool = False


@dataclass
class Acceptance:
    kind: str
    undo_url: str | None
    lines: list[LineAgreement] = field(default_factory=list)
    sets: list[SetAgreement] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # lines the accept added (or merged into)
    former: dict[str, int] = field(default_factory=dict)  # swapped line -> product before
    undone: bool = False
    ordered: bool = False  # its terms were used by an order

    @property
    def counts(self) -> bool:
        return not (self.undone or self.ordered)

    def intact(self) -> bool:
        return not any(a.lost for a in self.lines) and not any(s.lost for s in self.sets)


@dataclass
class Agreements:
    """Everything the shopper accepted in this session, and which of it still counts."""

    acceptances: list[Acceptance] = field(default_factory=list)
    _clock: int = 0

    def tick(self) -> int:
        self._clock += 1
        return self._clock

    def notice(self, lines: Lines) -> None:
        """Agreements whose line left or holds another product are lost, for good."""
        for acceptance in self.acceptances:
            for a in acceptance.lines:
                if lines.get(a.line_id, (None,))[0] != a.product_id:
                    a.lost = True
            for s in acceptance.sets:
                if any(lines.get(lid, (None,))[0] != pid for lid, pid in s.members):
                    s.lost = True

    def in_force(self) -> tuple[dict[str, LineAgreement], list[SetAgreement]]:
        latest: dict[str, LineAgreement] = {}
        sets: list[SetAgreement] = []
        for acceptance in self.acceptances:
            if not acceptance.counts:
                continue
            for a in acceptance.lines:
                if not a.lost and (a.line_id not in latest or latest[a.line_id].order < a.order):
                    latest[a.line_id] = a
            sets.extend(s for s in acceptance.sets if not s.lost)
        return latest, sets

    def expected_total(self, lines: Lines, prices: dict[int, Decimal]) -> Decimal:
        latest, sets = self.in_force()
        total = sum((prices[p] * q for p, q in lines.values()), Decimal("0"))
        for line_id, (product_id, quantity) in lines.items():
            a = latest.get(line_id)
            if a is not None:
                total -= (prices[product_id] - a.unit_price) * min(quantity, a.quantity)
        total -= sum((s.amount for s in sets), Decimal("0"))
        return max(total, Decimal("0"))

    def ordered(self) -> None:
        for acceptance in self.acceptances:
            acceptance.ordered = True


def units(lines: Lines) -> Counter:
    counted: Counter = Counter()
    for product_id, quantity in lines.values():
        counted[product_id] += quantity
    return counted


# -- the shop under test -------------------------------------------------------------------------
class Driver:
    """One shop, driven the way a shopper's browser would. Subclasses are thin."""

    name = "shop"
    can_set_quantity = True
    has_thank_you = True
    has_vouchers = False
    #: products a shopper adds by hand, by id
    products: list[int] = []

    def same_total(self, shown: Decimal, expected: Decimal) -> bool:
        """A total the shop shows is the one the agreements make, exactly."""
        return shown == expected

    def start(self) -> None:  # a new browser: a new session and an empty cart
        raise NotImplementedError

    def prices(self) -> dict[int, Decimal]:
        raise NotImplementedError

    def lines(self) -> Lines:
        raise NotImplementedError

    def add(self, product_id: int) -> None:
        raise NotImplementedError

    def set_quantity(self, line_id: str, quantity: int) -> None:
        raise NotImplementedError

    def remove(self, line_id: str) -> None:
        raise NotImplementedError

    def start_checkout(self) -> None:
        raise NotImplementedError

    def cart_total(self) -> Decimal:
        raise NotImplementedError

    def place_order(self) -> Decimal:
        raise NotImplementedError

    def apply_voucher(self) -> None:
        raise NotImplementedError

    def voucher_discount(self) -> Decimal:
        return Decimal("0")

    def prove(self, trigger: str, product_id: int | None) -> None:
        """The shop's own views already told the app of the moment (its signals)."""

    # -- the app's API, as the widget calls it --------------------------------------------------
    client: Any

    def offer(self, trigger: str, product_id: int | None = None) -> dict | None:
        self.prove(trigger, product_id)
        query: dict[str, Any] = {"trigger": trigger}
        if product_id is not None:
            query["product_id"] = product_id
        response = self.client.get("/upsell/api/offers/", query)
        assert response.status_code == 200, (trigger, response.status_code, response.content)
        return response.json()["offer"]

    def post(self, url: str, body: dict | None = None) -> Any:
        response = self.client.post(
            url,
            json.dumps(body or {}),
            content_type="application/json",
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )
        assert response.status_code < 500, (url, response.status_code, response.content[:2000])
        return response


class PageDriver(Driver):
    """A shop whose pages carry the pop-up: the widget shows the offer the page decided, or asks
    the API for the page's moment, as it does in a browser."""

    page: dict | None = None  # the widget config of the page the browser is on

    def navigate(self, response: Any) -> None:
        ok(response)
        found = WIDGET_CONFIG.findall(response.content.decode())
        self.page = json.loads(found[0]) if found else None

    def view_cart(self) -> None:
        raise NotImplementedError

    def offer(self, trigger: str, product_id: int | None = None) -> dict | None:
        if trigger == "cart_view":
            self.view_cart()
        page = self.page or {}
        if page.get("trigger") != trigger:
            return None  # the page has no such moment: the widget asks for nothing
        if page.get("decided"):
            return page.get("offer")
        return super().offer(trigger, page.get("productId"))


WIDGET_CONFIG = re.compile(
    r'<script id="upsell-config" type="application/json">(.*?)</script>', re.S
)


def ok(response: Any) -> Any:
    """A shop page answered without a server error (a redirect or a page)."""
    assert response.status_code < 500, (response.status_code, response.content[:2000])
    return response


# -- the machine ---------------------------------------------------------------------------------
class CartMachine(RuleBasedStateMachine):
    """Random shoppers in one shop; each example is a new session in a database savepoint."""

    driver_class: type[Driver]

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        fresh_app_state()
        self.driver = self.driver_class()
        self.driver.start()
        self.prices = self.driver.prices()
        self.model = Agreements()
        self.lines: Lines = {}
        self.kinds = accepted_kinds()
        self.skipped = skipped()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # -- observing ---------------------------------------------------------------------------
    def observe(self, expected: Lines | None = None) -> None:
        """Read the cart back; when the step says what the lines must be, they are."""
        lines = self.driver.lines()
        if expected is not None:
            assert lines == expected, f"cart lines {lines} but expected {expected}"
        self.lines = lines
        self.model.notice(lines)
        self.check_total()

    def check_total(self) -> None:
        expected = self.model.expected_total(self.lines, self.prices)
        shown = self.driver.cart_total() if self.lines else Decimal("0")
        assert self.driver.same_total(shown, expected - self.driver.voucher_discount()), (
            f"cart total {shown} but the shop's prices less what is still agreed make "
            f"{expected} (lines {self.lines}, agreed {self.model.in_force()})"
        )

    def moment(self, trigger: str, product_id: int | None, take: bool, data: Any) -> None:
        offer = self.driver.offer(trigger, product_id)
        if offer is not None and take and offer["kind"] in self.kinds:
            self.accept(offer, data)

    # -- accepting ---------------------------------------------------------------------------
    def accept(self, offer: dict, data: Any) -> None:
        before = dict(self.lines)
        kind, choices = offer["kind"], offer["choices"]
        if offer.get("multiple"):
            by_product = {c["product_id"]: c for c in choices}
            ticked = data.draw(
                st.lists(st.sampled_from(sorted(by_product)), min_size=1, unique=True),
                label="picks (product ids)",
            )
            picked = [by_product[p] for p in ticked]
            body: dict[str, Any] = {
                "picks": [{"product_id": c["product_id"], "quote": c["quote"]} for c in picked]
            }
        else:
            index = data.draw(st.integers(0, len(choices) - 1), label="choice (index)")
            picked = [choices[index]]
            choice = picked[0]
            body = {
                "product_id": None if kind == "bundle" else choice["product_id"],
                "line_id": choice["line_id"],
                "quote": choice["quote"],
            }
            if kind == "subscription":
                body["terms_digest"] = offer["subscription"]["terms_digest"]
        response = self.driver.post(f"/upsell/api/offers/{offer['id']}/accept/", body)
        if response.status_code != 200:  # refused: the cart is as it was
            self.observe(expected=before)
            return
        answer = response.json()
        if answer.get("order"):
            # One click after purchase: it joined the order just placed, the cart is as it was.
            assert answer["confirmation"]["undo"] is None, answer
            self.observe(expected=before)
            return
        after = self.driver.lines()
        acceptance = Acceptance(kind, (answer["confirmation"]["undo"] or {}).get("url"))
        now = self.model.tick()
        swapped = picked[0]["line_id"] if kind in ("upsell", "downsell", "subscription") else None
        if swapped is not None and swapped in before:
            _, quantity = before[swapped]
            line_id = (
                swapped
                if after.get(swapped, (None,))[0] == picked[0]["product_id"]
                else (self._grown(before, after, picked[0]["product_id"]))
            )
            acceptance.lines.append(
                LineAgreement(
                    line_id, picked[0]["product_id"], Decimal(picked[0]["price"]), quantity, now
                )
            )
            if kind != "subscription":
                acceptance.former[line_id] = before[swapped][0]
        else:
            for choice in picked if kind != "bundle" else choices:
                line_id = self._grown(before, after, choice["product_id"])
                grown = after[line_id][1] - before.get(line_id, (0, 0))[1]
                acceptance.lines.append(
                    LineAgreement(
                        line_id, choice["product_id"], Decimal(choice["price"]), grown, now
                    )
                )
                acceptance.added.append(line_id)
            if kind == "bundle" and Decimal(choices[0]["saving"]) > 0:
                members = [(a.line_id, a.product_id) for a in acceptance.lines]
                source = self._source_line(offer, before)
                if source is not None:
                    members.insert(0, source)
                acceptance.sets.append(SetAgreement(Decimal(choices[0]["saving"]), tuple(members)))
        # Lines the accept did not touch are as they were.
        touched = {a.line_id for a in acceptance.lines} | {swapped}
        for line_id, line in before.items():
            if line_id not in touched:
                assert after.get(line_id) == line, f"accept changed line {line_id}: {after}"
        self.model.acceptances.append(acceptance)
        self.observe()
        assert self.driver.same_total(
            Decimal(answer["cart"]["total"]),
            self.model.expected_total(self.lines, self.prices) - self.driver.voucher_discount(),
        ), f"the pop-up's new cart total {answer['cart']}"

    @staticmethod
    def _grown(before: Lines, after: Lines, product_id: int) -> str:
        """The line that took the product the accept added: a new line, or one that grew."""
        for line_id in in_cart_order(after):
            p, q = after[line_id]
            if p == product_id and (
                line_id not in before or before[line_id][1] < q or before[line_id][0] != p
            ):
                return line_id
        raise AssertionError(f"the accept added no line of product {product_id}: {after}")

    def _source_line(self, offer: dict, before: Lines) -> tuple[str, int] | None:
        from upsell_app.models import Offer

        sources = set(
            Offer.objects.get(pk=offer["id"]).source_products.values_list("pk", flat=True)
        )
        for line_id, (product_id, _) in sorted(before.items(), key=lambda x: int_or(x[0])):
            if product_id in sources:
                return line_id, product_id
        return None

    # -- the shopper's steps -----------------------------------------------------------------
    @rule(data=st.data(), take=st.booleans())
    def add_product(self, data: Any, take: bool) -> None:
        product_id = data.draw(st.sampled_from(self.driver.products), label="product")
        before = dict(self.lines)
        self.driver.add(product_id)
        after = self.driver.lines()
        for line_id, (p, q) in before.items():
            assert after.get(line_id, (None, 0))[0] == p and after[line_id][1] >= q, after
        grown = units(after) - units(before)
        assert set(grown) <= {product_id} and grown[product_id] <= 1, (before, after)
        self.observe()
        self.moment("add_to_cart", product_id, take, data)

    @precondition(
        lambda self: self.lines and self.driver.can_set_quantity and "quantity" not in self.skipped
    )
    @rule(data=st.data(), quantity=st.integers(min_value=0, max_value=10))
    def change_quantity(self, data: Any, quantity: int) -> None:
        line_id = data.draw(st.sampled_from(in_cart_order(self.lines)), label="line")
        product_id = self.lines[line_id][0]
        expected = dict(self.lines)
        if quantity:
            expected[line_id] = (product_id, quantity)
        else:
            del expected[line_id]
        self.driver.set_quantity(line_id, quantity)
        self.observe(expected=expected)
        if not quantity:
            self.moment("item_removed", product_id, data.draw(st.booleans(), label="take"), data)

    @precondition(lambda self: self.lines)
    @rule(data=st.data(), take=st.booleans())
    def remove_line(self, data: Any, take: bool) -> None:
        line_id = data.draw(st.sampled_from(in_cart_order(self.lines)), label="line")
        product_id = self.lines[line_id][0]
        expected = {k: v for k, v in self.lines.items() if k != line_id}
        self.driver.remove(line_id)
        self.observe(expected=expected)
        self.moment("item_removed", product_id, take, data)

    @precondition(lambda self: self.lines)
    @rule(data=st.data(), take=st.booleans())
    def view_cart(self, data: Any, take: bool) -> None:
        self.moment("cart_view", None, take, data)

    @precondition(lambda self: self.lines)
    @rule(data=st.data(), take=st.booleans())
    def start_checkout(self, data: Any, take: bool) -> None:
        self.driver.start_checkout()
        self.observe(expected=dict(self.lines))
        self.moment("checkout_start", None, take, data)

    @precondition(
        lambda self: (
            "undo" not in self.skipped
            and any(a.undo_url and not a.undone for a in self.model.acceptances)
        )
    )
    @rule(data=st.data())
    def undo(self, data: Any) -> None:
        candidates = [a for a in self.model.acceptances if a.undo_url and not a.undone]
        acceptance = data.draw(st.sampled_from(candidates), label="acceptance")
        before = dict(self.lines)
        response = self.driver.post(acceptance.undo_url)
        after = self.driver.lines()
        if acceptance.ordered:
            # Its terms went with the order: refused, and the cart of today is not touched.
            assert response.status_code == 409, f"undo after the order answered {response.content}"
            assert after == before, f"undo after the order changed the cart: {before} -> {after}"
        elif acceptance.intact():
            assert response.status_code == 200, response.content
            assert units(after) == self._undone_units(acceptance, before), (
                f"undo of a {acceptance.kind} left {after}, from {before}"
            )
        if response.status_code == 200 and not acceptance.ordered:
            acceptance.undone = True
        self.observe()

    def _undone_units(self, acceptance: Acceptance, before: Lines) -> Counter:
        """The cart with exactly what the accept changed reversed, and nothing else."""
        expected = units(before)
        for a in acceptance.lines:
            quantity = before[a.line_id][1]
            back = min(quantity, a.quantity)
            expected[a.product_id] -= back
            if a.line_id in acceptance.former:
                expected[acceptance.former[a.line_id]] += back
        return +expected

    @precondition(lambda self: self.lines and "order" not in self.skipped)
    @rule(data=st.data(), take=st.booleans())
    def place_order(self, data: Any, take: bool) -> None:
        expected = self.model.expected_total(self.lines, self.prices)
        voucher = self.driver.voucher_discount()  # what the shop's own voucher takes, if any
        total = self.driver.place_order()
        assert self.driver.same_total(total, expected - voucher), (
            f"order total {total} but the cart's prices less what is still agreed make "
            f"{expected} (lines {self.lines}, agreed {self.model.in_force()})"
        )
        self.model.ordered()
        self.observe(expected={})
        if self.driver.has_thank_you:
            self.moment("order_completed", None, take, data)

    @precondition(
        lambda self: self.lines and self.driver.has_vouchers and "voucher" not in self.skipped
    )
    @rule()
    def apply_voucher(self) -> None:
        self.driver.apply_voucher()
        self.observe(expected=dict(self.lines))


def relax(settings: Any) -> None:
    """Pop-ups may follow each other: restraint between them is specified in the core's tests."""
    settings.UPSELL = {
        **settings.UPSELL,
        "POPUP_COOLDOWN_SECONDS": 0,
        "SILENCE_AFTER_DECLINE_SECONDS": 0,
        "MAX_POPUPS_PER_SESSION": 1000,
    }


def fresh_app_state() -> None:
    """Each example starts from what a new shopper of an idle shop meets: the database is this
    example's savepoint, and what the app keeps outside it (shopper state, moments, throttles,
    cart snapshots, the offer index) is emptied, so that no example decides another's pop-ups
    and a replayed example sees exactly what it saw the first time."""
    from django.core.cache import caches

    from tests.redis_keys import clear_own_keys
    from upsell_app.serving import offer_index

    for cache in caches.all():
        clear_own_keys(cache)
    offer_index.invalidate()


def in_cart_order(lines: Lines) -> list[str]:
    """Line ids in the order the lines came into the cart, whatever their values: draws pick by
    position, and a replayed example gets other ids (database sequences are not rolled back), so
    ordering them as text ("100" before "99") would pick another line."""
    return sorted(lines, key=int_or)


def int_or(text: str) -> Any:
    return (0, int(text)) if text.isdigit() else (1, text)


def run_machine(driver_class: type[Driver]) -> None:
    """Run the machine on one shop: 200 examples (the profile), a printed, replayable seed."""
    chosen = int(os.environ.get("CART_INVARIANT_SEED") or random.SystemRandom().getrandbits(32))
    print(f"cart invariant ({driver_class.name}): CART_INVARIANT_SEED={chosen} replays this run")
    machine = type(
        f"{driver_class.__name__}Machine", (CartMachine,), {"driver_class": driver_class}
    )
    run_state_machine_as_test(seed(chosen)(lambda: machine()), settings=profile())
