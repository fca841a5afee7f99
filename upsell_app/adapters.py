"""The only door between the app and a shop: the cart and catalogue adapters.

A shop subclasses one of the two cart adapter styles (required) and, when its product model does
not fit the defaults, :class:`ModelCatalogAdapter`, then names its classes in
``UPSELL["CART_ADAPTER"]`` and ``UPSELL["CATALOG_ADAPTER"]``:

- :class:`SimpleCartAdapter`: the shop's cart holds only lines (read, add, replace, remove); the
  app keeps agreed prices, set discounts and plans (:mod:`upsell_app.adjustments`) and the shop
  reads them with one call when it totals the cart or places the order.
- :class:`CartAdapter`: the full contract, for a shop that stores prices, set discounts and plans
  itself.

Optionally, a shop that can change an order it has just placed subclasses :class:`OrderAdapter`
and names it in ``UPSELL["ORDER_ADAPTER"]``: an accepted thank-you offer then joins that order
(see docs/post-purchase.md).

The app calls :func:`get_cart_adapter` / :func:`get_catalog_adapter` and never branches on the
shop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

from .conf import default_tax_rate, product_model_label, tax_policy, upsell_settings

# ThresholdState is part of the cart contract (the spend-threshold nudge): shops import it here.
from .selection.nudge import ThresholdState
from .selection.tax import RatePart, TaxPolicy, shown, shown_total

# SubscriptionPlan is part of the cart contract: shops import it from here.
from .selection.types import (
    PLAN_TEXT_FIELDS,
    CartLine,
    CartSnapshot,
    OfferTexts,
    ProductInfo,
    SubscriptionPlan,
)


def plan_for(
    rule: Any,
    unit_price: Decimal,
    product_title: str,
    quantity: int,
    tax_rate: Decimal = Decimal("0"),
) -> SubscriptionPlan:
    """The plan an accepted subscription offer (``OfferRule``) gives its line."""
    return SubscriptionPlan(
        offer_id=rule.id,
        price_per_delivery=unit_price,
        terms=rule.subscription,
        translations=tuple(
            OfferTexts(t.language, tuple((k, v) for k, v in t.texts if k in PLAN_TEXT_FIELDS and v))
            for t in rule.translations
        ),
        product_title=product_title,
        quantity=quantity,
        tax_rate=tax_rate,
    )


@dataclass(frozen=True, slots=True)
class CartSummary:
    """The cart as the pop-up reports it back after a change."""

    lines: tuple[dict[str, Any], ...]
    subtotal: Decimal
    discounts: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    total: Decimal = Decimal("0")


class CartAdapter:
    """The shop's cart, seen by the app. One instance per request.

    Subclass it and implement the methods marked *required*; prices handed to ``add_line`` and
    ``replace_line`` were computed by the app on the server and must be stored as given.

    **An agreed price covers the units agreed, no more.** The price handed to ``add_line`` covers
    its ``quantity``; the price handed to ``replace_line`` and a plan's ``price_per_delivery``
    cover the quantity the line holds at that call (what the pop-up showed). The shop keeps that
    quantity with the line; units the shopper adds later (by hand, or merged into the line) cost
    the shop's own price, and lowering the quantity keeps the agreed price for the units that
    remain. :func:`upsell_app.selection.pricing.agreed_line_total` computes such a line's total.
    The shop may also keep the extra units on a line of their own at its price.
    """

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    # -- reading (required) --------------------------------------------------------------------
    def get_lines(self) -> list[CartLine]:
        """Required. The cart's lines as :class:`~upsell_app.selection.types.CartLine`."""
        raise NotImplementedError(f"{type(self).__name__} must implement get_lines()")

    def get_summary(self) -> CartSummary:
        """Required. The cart as returned to the pop-up after a change."""
        raise NotImplementedError(f"{type(self).__name__} must implement get_summary()")

    def snapshot(self) -> CartSnapshot:
        lines = tuple(self.get_lines())
        subtotal = sum((line.unit_price * line.quantity for line in lines), Decimal("0"))
        return CartSnapshot(lines=lines, subtotal=subtotal)

    # -- changing (required) -------------------------------------------------------------------
    def add_line(
        self, product_id: int, quantity: int, unit_price: Decimal, *, offer_id: int | None
    ) -> str:
        """Required. Add a product at ``unit_price`` for ``quantity`` units; return the new
        line's id. ``offer_id`` None: units Undo hands back at the shop's own price."""
        raise NotImplementedError(f"{type(self).__name__} must implement add_line()")

    def replace_line(
        self, line_id: str, product_id: int, unit_price: Decimal, *, offer_id: int
    ) -> str:
        """Required. Swap the product of a line (upsell/downsell), keeping its quantity."""
        raise NotImplementedError(f"{type(self).__name__} must implement replace_line()")

    def remove_line(self, line_id: str) -> None:
        """Required. Remove a line."""
        raise NotImplementedError(f"{type(self).__name__} must implement remove_line()")

    def set_quantity(self, line_id: str, quantity: int) -> str:
        """Optional. Undo takes back the units an offer handed over and leaves ``quantity``
        units the shopper added by hand: set the line to ``quantity`` units at the shop's own
        price (the agreed price goes with the units taken back); return the line's id. Without
        it, Undo of a line the shopper has since added to answers "your cart has changed" and
        changes nothing."""
        raise NotImplementedError(f"{type(self).__name__} does not implement set_quantity()")

    def convert_to_subscription(self, line_id: str, plan: SubscriptionPlan) -> str:
        """Required for subscription offers. Turn a one-time line into a recurring one."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement convert_to_subscription()"
        )

    def apply_bundle_discount(
        self, bundle_key: str, amount: Decimal, label: str, *, offer_id: int
    ) -> None:
        """Required for bundle offers. Apply a cart-level discount identified by ``bundle_key``."""
        raise NotImplementedError(f"{type(self).__name__} must implement apply_bundle_discount()")

    def revoke_bundle_discount(self, bundle_key: str) -> None:
        """Required for bundle offers. Remove the discount ``apply_bundle_discount`` applied."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement revoke_bundle_discount()"
        )

    # -- concurrency (optional) ----------------------------------------------------------------
    def lock(self) -> AbstractContextManager[Any]:
        """Optional. Serialise changes to this cart (e.g. ``select_for_update`` on its row).

        Called inside a transaction around every accepted offer.
        """
        return nullcontext()

    def write_response(self, response: HttpResponse) -> None:
        """Optional. See :meth:`SimpleCartAdapter.write_response`."""

    # -- spend thresholds (optional) -----------------------------------------------------------
    def threshold_state(self) -> ThresholdState | None:
        """Optional. How this cart stands toward the shop's spend thresholds (free shipping at
        ¥5,000, a gift at ¥10,000), for the cart page's nudge ("Add ¥800 more for free
        shipping").

        Return :class:`~upsell_app.selection.nudge.ThresholdState`: ``amount``, what counts
        toward the thresholds as the shop counts it (for example the goods total after
        discounts, without shipping), and ``reached``, the codes of the thresholds the shop
        already grants this cart whatever the amount (a free-shipping coupon). The app compares
        these with the thresholds named in the admin and never computes shipping itself.
        Default ``None``: the shop says nothing, and no nudge is shown.
        """
        return None


class SimpleCartAdapter:
    """The shop's cart, seen by the app, when the cart holds only lines. One instance per request.

    The shop implements four methods on its own cart (lines, add, replace, remove); the app keeps
    what the cart cannot (agreed unit prices, set discounts, subscription plans) and the shop
    reads them with :func:`upsell_app.adjustments.for_cart` when it totals the cart and
    :func:`upsell_app.adjustments.for_order` when it places the order.
    """

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    # -- the shop's cart (required) --------------------------------------------------------------
    def get_lines(self) -> list[CartLine]:
        """Required. The cart's lines (``unit_price``: the shop's own price of the product)."""
        raise NotImplementedError(f"{type(self).__name__} must implement get_lines()")

    def add_line(self, product_id: int, quantity: int) -> str:
        """Required. Add a product to the cart; return the id of the line that holds it."""
        raise NotImplementedError(f"{type(self).__name__} must implement add_line()")

    def replace_line(self, line_id: str, product_id: int) -> str:
        """Required. Swap the product of a line (upsell/downsell), keeping its quantity; return
        the id of the line that now holds it (the same id, or a new one)."""
        raise NotImplementedError(f"{type(self).__name__} must implement replace_line()")

    def remove_line(self, line_id: str) -> None:
        """Required. Remove a line."""
        raise NotImplementedError(f"{type(self).__name__} must implement remove_line()")

    # -- optional ------------------------------------------------------------------------------
    def set_quantity(self, line_id: str, quantity: int) -> str:
        """Optional. Set a line's quantity; return the id of the line that now holds it.

        Undo uses it to take back only the units an offer added. Default: remove the line and add
        the product again with ``quantity`` (a new line, at the shop's price).
        """
        product_id = next(
            (x.product_id for x in self.get_lines() if str(x.line_id) == str(line_id)), None
        )
        if product_id is None:
            raise KeyError(line_id)
        self.remove_line(line_id)
        return str(self.add_line(product_id, quantity))

    # -- optional (where the app keeps its terms) ---------------------------------------------
    def cart_key(self) -> str:
        """Optional. Which cart the agreed terms belong to (e.g. the cart row's id).

        Default: a stable per-shopper id kept in the session, which survives a login's session
        key change.
        """
        from .adjustments.keys import session_cart_key

        key = session_cart_key(self.request, create=True)
        assert key is not None  # the request has a session: the app's middleware requires one
        return key

    def existing_cart_key(self) -> str | None:
        """The cart key for reading: with the default :meth:`cart_key`, ``None`` while the
        session has none (nothing was agreed), so reading never writes the session."""
        if type(self).cart_key is SimpleCartAdapter.cart_key:
            from .adjustments.keys import session_cart_key

            return session_cart_key(self.request, create=False)
        return self.cart_key()

    def lock(self) -> AbstractContextManager[Any]:
        """Optional. Serialise changes to this cart.

        Entered *before* an accepted offer's transaction begins and left after it has ended, so a
        lock that guards something outside the database (a session) is held until the change is
        committed. Default: a cache lock on :meth:`cart_key` with an expiry
        (:mod:`upsell_app.cart_lock`), which needs a cache shared by every process (Redis).
        A cart with a database row may lock the row instead: open ``transaction.atomic()``,
        ``select_for_update()`` the row, and yield inside it.
        """
        from .cart_lock import cache_lock, lock_name

        return cache_lock(lock_name(self.cart_key()))

    # -- optional (a cart the app cannot lock or write in place) --------------------------------
    def cart_version(self) -> str | None:
        """Optional. The cart's version as this request read it: a counter or digest kept with
        the cart that changes with every change to it.

        Return one when the cart has no row to lock (a signed cookie, a cart behind an API the
        shop does not own): the app then applies an offer only if no one wrote the cart since this
        request read it, and answers 409 ``cart_changed`` otherwise, so two accepts never both
        apply and an accept never overwrites the shop's own change. The shop's own writes go
        through :func:`upsell_app.cart_lock.save_checked` with the same versions, which takes
        the same cache lock as the default :meth:`lock` (keep it). Default ``None``: the cart is
        guarded by :meth:`lock` alone.
        """
        return None

    def write_response(self, response: HttpResponse) -> None:
        """Optional. Write the changed cart into the response of the app's request that changed
        it (an accept or its Undo): set the cart's cookie, or send it to the shop's cart API.
        Called once, on the same adapter instance that changed the cart, and only when it did.
        Default: nothing (the cart was changed in place)."""

    # -- spend thresholds (optional) -----------------------------------------------------------
    def threshold_state(self) -> ThresholdState | None:
        """Optional. How this cart stands toward the shop's spend thresholds (free shipping at
        ¥5,000, a gift at ¥10,000), for the cart page's nudge ("Add ¥800 more for free
        shipping").

        Return :class:`~upsell_app.selection.nudge.ThresholdState`: ``amount``, what counts
        toward the thresholds as the shop counts it (for example the goods total after
        discounts, without shipping), and ``reached``, the codes of the thresholds the shop
        already grants this cart whatever the amount (a free-shipping coupon). The app compares
        these with the thresholds named in the admin and never computes shipping itself.
        Default ``None``: the shop says nothing, and no nudge is shown.
        """
        return None

    def adjustments(self) -> Any:
        """What the app agreed that this cart still earns (``adjustments.CartAdjustments``)."""
        from .adjustments.current import for_key

        lines = self.get_lines()
        return with_tax(for_key(self.existing_cart_key() or "", lines), lines)

    def snapshot(self) -> CartSnapshot:
        """The cart as the decision sees it: the shop's lines at the prices the app agreed."""
        from .adjustments.current import for_key

        lines = self.get_lines()
        key = self.existing_cart_key()
        agreed = for_key(key, lines) if key else None
        if not agreed:
            subtotal = sum((line.unit_price * line.quantity for line in lines), Decimal("0"))
            return CartSnapshot(lines=tuple(lines), subtotal=subtotal)
        subtotal = sum(
            (agreed.line_total(x.line_id, x.quantity, x.unit_price) for x in lines), Decimal("0")
        )
        lines = [
            replace(
                line,
                # The agreed price is the line's price while it covers every unit of it.
                unit_price=agreed.unit_price(line.line_id, line.unit_price)
                if line.quantity <= agreed.agreed_quantity(line.line_id)
                else line.unit_price,
                is_subscription=line.is_subscription or agreed.plan(line.line_id) is not None,
            )
            for line in lines
        ]
        return CartSnapshot(lines=tuple(lines), subtotal=subtotal)

    def get_summary(self) -> CartSummary:
        """Optional. The cart as returned to the pop-up after a change; default: the shop's
        lines at the agreed prices, titled through the catalogue adapter, with set discounts,
        shown as the shop shows them (tax included, each line's tax rounded on its own)."""
        from .adjustments.current import for_key

        lines = self.get_lines()
        agreed = with_tax(for_key(self.existing_cart_key() or "", lines), lines)
        policy = agreed.policy
        products = get_catalog_adapter().get_products({line.product_id for line in lines})
        rows = []
        parts: list[RatePart] = []
        for line in lines:
            unit = agreed.unit_price(line.line_id, line.unit_price)
            product = products.get(line.product_id)
            part = agreed.line_part(line.line_id, line.quantity, line.unit_price)
            parts.append(part)
            rows.append(
                {
                    "line_id": str(line.line_id),
                    "product_id": line.product_id,
                    "title": product.title if product is not None else str(line.product_id),
                    "quantity": line.quantity,
                    "unit_price": shown(unit, part.rate, policy),
                    "line_total": part.with_tax if policy.adds_tax else part.amount,
                    "is_subscription": line.is_subscription
                    or agreed.plan(line.line_id) is not None,
                }
            )
        off = {}
        for d in agreed.discounts:
            amount = d.amount
            if policy.adds_tax and d.parts:
                amount = sum((p.with_tax for p in d.parts), Decimal("0"))
            off[d.key] = amount
        discounts = tuple(
            {"key": d.key, "label": d.label, "amount": off[d.key]} for d in agreed.discounts
        )
        subtotal = sum((row["line_total"] for row in rows), Decimal("0"))
        if policy.adds_tax:
            total = shown_total(parts, agreed.discount_parts())
        else:
            total = max(subtotal - agreed.discount_total, Decimal("0"))
        return CartSummary(lines=tuple(rows), subtotal=subtotal, discounts=discounts, total=total)


@dataclass(frozen=True, slots=True)
class PlacedOrder:
    """An order the shop has placed, as its :class:`OrderAdapter` reports it."""

    number: str  # what the shopper reads: "order #N"
    placed_at: datetime  # aware; the post-purchase window counts from here
    total: Decimal  # what the order charges now
    #: Money was taken already. A paid order changes only when ``amendable_payment``.
    paid: bool = False
    #: Paid by a method that lets the shop charge the amended total (a card authorised but not
    #: yet captured, a payment provider's order edit): the added line is charged to it.
    amendable_payment: bool = False
    #: How the pop-up names the payment method ("Visa ending 4242"); empty: "the same payment
    #: method".
    payment_method: str = ""


class OrderChangeRefused(Exception):  # noqa: N818 - a shop's answer, not a failure of the app
    """Raised by :meth:`OrderAdapter.add_line` when the shop cannot add the line (out of stock,
    the order was packed meanwhile): the shopper reads the message, nothing is changed."""


class OrderAdapter:
    """Optional. The shop's placed orders, seen by the app. One instance per request.

    With it an accepted ``order_completed`` offer (the thank-you moment) joins the order just
    placed: one click, no second checkout, charged by the order's own payment method. The app
    computes the price and decides, through :meth:`get_order`, whether the order may still change
    (unpaid, or paid by a method that allows an amended charge, within
    ``UPSELL["POST_PURCHASE_WINDOW_MINUTES"]``); the shop only reads and changes its order.
    """

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_order(self, order_id: str) -> PlacedOrder | None:
        """Required. The order the shop announced with ``order_completed`` (its ``order_id``),
        or ``None`` when there is no such order or this request's shopper may not see it."""
        raise NotImplementedError(f"{type(self).__name__} must implement get_order()")

    def lock(self, order_id: str) -> AbstractContextManager[Any]:
        """Serialise changes to this order: called inside a transaction around every
        post-purchase accept; :meth:`get_order` is read again inside it. Lock the order's row
        (``select_for_update``) so that concurrent accepts add one line, not several.
        Default: no lock (only right for a shop that serialises orders itself)."""
        return nullcontext()

    def add_line(
        self,
        order_id: str,
        product_id: Any,
        quantity: int,
        unit_price: Decimal,
        *,
        offer_id: int,
        plan: SubscriptionPlan | None = None,
    ) -> str:
        """Required. Add ``quantity`` units of a product to the placed order at ``unit_price``
        (computed by the app; store it as given), update the order's totals and record the
        amended charge on its payment method; return the new line's id. ``plan``: the line is a
        subscription on these terms. Called inside the transaction :meth:`lock` runs in: raise
        :class:`OrderChangeRefused` (its message is shown) to refuse, and nothing is changed."""
        raise NotImplementedError(f"{type(self).__name__} must implement add_line()")


def get_order_adapter(request: HttpRequest) -> OrderAdapter | None:
    """The shop's order adapter, or ``None`` when it has none (thank-you offers start a cart)."""
    adapter_class = upsell_settings.ORDER_ADAPTER
    return adapter_class(request) if adapter_class is not None else None


class ModelCatalogAdapter:
    """Reads products from ``UPSELL_PRODUCT_MODEL``. Override the ``get_*`` methods or the field
    names below to fit another model."""

    title_field = "name"
    price_field = "price"
    stock_field: str | None = "stock"
    image_field: str | None = "image_url"
    #: A field naming the product's family (tiers of one product); learned suggestions never
    #: offer a product of a family already in the cart. None: the catalogue has no families.
    family_field: str | None = None
    #: A field holding the product's tax rate as a fraction (``0.08``); None: every product is
    #: at ``UPSELL["TAX_RATE"]``. Override :meth:`get_tax_rate` for a rate from a category.
    tax_rate_field: str | None = None

    def get_model(self) -> type:
        return apps.get_model(product_model_label())

    def get_queryset(self):  # noqa: ANN201 - the shop's QuerySet type
        return self.get_model()._default_manager.all()

    def get_title(self, obj: Any) -> str:
        return str(getattr(obj, self.title_field))

    def get_price(self, obj: Any) -> Decimal:
        return Decimal(getattr(obj, self.price_field))

    def get_stock(self, obj: Any) -> int | None:
        return getattr(obj, self.stock_field) if self.stock_field else None

    def get_image_url(self, obj: Any) -> str:
        return str(getattr(obj, self.image_field, "") or "") if self.image_field else ""

    def get_url(self, obj: Any) -> str:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""

    def get_categories(self, obj: Any) -> Iterable[str]:
        return ()

    def get_family(self, obj: Any) -> str:
        return str(getattr(obj, self.family_field, "") or "") if self.family_field else ""

    def get_tax_rate(self, obj: Any) -> Decimal:
        """The product's tax rate as a fraction (Japan: ``0.10``, ``0.08`` for food)."""
        if self.tax_rate_field:
            value = getattr(obj, self.tax_rate_field, None)
            if value is not None:
                return Decimal(str(value))
        return default_tax_rate()

    def tax_policy(self) -> TaxPolicy:
        """How the catalogue's prices are stated (with or without tax) and how the shop rounds
        each line's tax; default: ``UPSELL["PRICES_INCLUDE_TAX"]`` and ``["TAX_ROUNDING"]``."""
        return tax_policy()

    def knows_tax(self) -> bool:
        """Whether prices or rates need the catalogue's tax at all (today's shops: no)."""
        return (
            self.tax_policy().adds_tax
            or bool(self.tax_rate_field)
            or type(self).get_tax_rate is not ModelCatalogAdapter.get_tax_rate
            or default_tax_rate() != 0
        )

    def iter_order_history(self) -> Iterable[Any]:
        """Optional: the shop's past orders for ``manage.py upsell_backfill_history``.

        Yield :class:`upsell_app.associations.history.OrderRecord` objects (order id, lines,
        ordered_at, customer key) so the app never reads the shop's order schema itself.
        """
        raise NotImplementedError(
            f"{type(self).__name__} does not implement iter_order_history(): "
            "implement it to backfill purchase history from existing orders."
        )

    def to_info(self, obj: Any) -> ProductInfo:
        return ProductInfo(
            id=obj.pk,
            title=self.get_title(obj),
            price=self.get_price(obj),
            stock=self.get_stock(obj),
            image_url=self.get_image_url(obj),
            url=self.get_url(obj),
            categories=frozenset(self.get_categories(obj)),
            family=self.get_family(obj),
            tax_rate=self.get_tax_rate(obj),
        )

    def get_products(self, ids: Iterable[int] | None = None) -> Mapping[int, ProductInfo]:
        """Products by id (all when ``ids`` is None), read fresh from the database."""
        from .models.product_keys import to_key_or_none

        qs = self.get_queryset()
        if ids is not None:
            # Keys arrive as the model's keys or their text; one the model cannot hold (a stale
            # quote's, another shop's) matches nothing rather than failing the query.
            keys = (to_key_or_none(key) for key in ids)
            qs = qs.filter(pk__in=[key for key in keys if key is not None])
        return {obj.pk: self.to_info(obj) for obj in qs}


def with_tax(agreed: Any, lines: Iterable[Any]) -> Any:
    """``agreed`` (``adjustments.CartAdjustments``) with each line's tax rate from the catalogue
    and each set discount split by rate; as it is when the catalogue says nothing of tax."""
    from .adjustments.terms import with_rates

    catalog = get_catalog_adapter()
    if not catalog.knows_tax():
        return agreed
    lines = list(lines)
    products = catalog.get_products({line.product_id for line in lines})
    rates: dict[str, Decimal] = {}
    amounts: dict[str, Decimal] = {}
    for line in lines:
        product = products.get(line.product_id)
        rates[str(line.line_id)] = product.tax_rate if product is not None else default_tax_rate()
        price = getattr(line, "unit_price", None)
        if price is None:
            price = product.price if product is not None else Decimal("0")
        quantity = getattr(line, "quantity", 1)
        amounts[str(line.line_id)] = agreed.line_total(line.line_id, quantity, price)
    return with_rates(agreed, rates, amounts, catalog.tax_policy())


#: Where the app keeps, on the request, the adapter that changed the cart (for its response).
_CHANGED_CART = "_upsell_changed_cart"


def changed_cart(request: HttpRequest, adapter: CartAdapter | SimpleCartAdapter) -> None:
    """The app changed the cart through ``adapter`` in this request: its response must carry it."""
    setattr(request, _CHANGED_CART, adapter)


def write_back(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Hand the response to the adapter that changed the cart in this request, if one did."""
    adapter = getattr(request, _CHANGED_CART, None)
    if adapter is not None:
        adapter.write_response(response)
    return response


def get_cart_adapter(request: HttpRequest) -> CartAdapter | SimpleCartAdapter:
    adapter_class = upsell_settings.CART_ADAPTER
    if adapter_class is None:
        raise ImproperlyConfigured(
            'UPSELL["CART_ADAPTER"] must name your SimpleCartAdapter or CartAdapter subclass.'
        )
    return adapter_class(request)


def get_catalog_adapter() -> ModelCatalogAdapter:
    return upsell_settings.CATALOG_ADAPTER()
