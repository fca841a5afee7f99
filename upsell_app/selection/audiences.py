"""Who an offer is for: audience rules matched against what the shop knows of a shopper.

Pure on purpose: the facts (past orders, lifetime spend, subscriptions, login, device, where the
shopper came from, language) are gathered and cached by the serving layer
(:mod:`upsell_app.serving.shopper_facts`); here they are only compared with the offer's audience,
so the decision stays free of queries. Every rule left empty lets every shopper through; an offer
is shown only to shoppers who pass all its rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

FIRST_TIME = "first_time"
RETURNING = "returning"
CUSTOMER_TYPES = (FIRST_TIME, RETURNING)

LOGGED_IN = "logged_in"
GUEST = "guest"
LOGINS = (LOGGED_IN, GUEST)

PHONE = "phone"
TABLET = "tablet"
DESKTOP = "desktop"
DEVICES = (PHONE, TABLET, DESKTOP)


@dataclass(frozen=True, slots=True)
class ShopperFacts:
    """What the shop knows of one shopper at one moment (the default: a first-time guest)."""

    past_orders: int = 0
    lifetime_spend: Decimal = Decimal("0")
    is_subscriber: bool = False
    logged_in: bool = False
    device: str = DESKTOP  # phone | tablet | desktop
    came_from: str = ""  # the referrer's host or the utm_source the visit arrived with
    language: str = ""  # the page's language code, e.g. "ja"

    @property
    def customer_type(self) -> str:
        return RETURNING if self.past_orders > 0 else FIRST_TIME


@dataclass(frozen=True, slots=True)
class Audience:
    """An offer's audience; an empty rule (``frozenset()``, ``None``, ``""``, ``False``) is
    "anyone"."""

    customer_types: frozenset[str] = frozenset()  # first_time, returning
    min_orders: int | None = None
    max_orders: int | None = None
    min_spend: Decimal | None = None
    max_spend: Decimal | None = None
    subscribers_only: bool = False
    logins: frozenset[str] = frozenset()  # logged_in, guest
    devices: frozenset[str] = frozenset()  # phone, tablet, desktop
    came_from: str = ""  # the referrer or utm_source contains this (any case)
    languages: frozenset[str] = frozenset()

    @property
    def is_everyone(self) -> bool:
        return self == EVERYONE

    def as_json(self) -> dict[str, Any]:
        """JSON-safe data for the offer's ``audience`` field; only the rules that are set."""
        data: dict[str, Any] = {}
        for name in ("customer_types", "logins", "devices", "languages"):
            if getattr(self, name):
                data[name] = sorted(getattr(self, name))
        for name in ("min_orders", "max_orders"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        for name in ("min_spend", "max_spend"):
            if getattr(self, name) is not None:
                data[name] = str(getattr(self, name))
        if self.subscribers_only:
            data["subscribers_only"] = True
        if self.came_from:
            data["came_from"] = self.came_from
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Audience:
        """What :meth:`as_json` wrote; unknown values are ignored rather than failing a page."""
        data = data or {}

        def choices(name: str, allowed: tuple[str, ...] | None = None) -> frozenset[str]:
            values = data.get(name) or ()
            return frozenset(str(v) for v in values if allowed is None or str(v) in allowed)

        def count(name: str) -> int | None:
            value = data.get(name)
            return int(value) if isinstance(value, int | str) and str(value).isdigit() else None

        def money(name: str) -> Decimal | None:
            value = data.get(name)
            if value in (None, ""):
                return None
            try:
                return Decimal(str(value))
            except InvalidOperation:
                return None

        return cls(
            customer_types=choices("customer_types", CUSTOMER_TYPES),
            min_orders=count("min_orders"),
            max_orders=count("max_orders"),
            min_spend=money("min_spend"),
            max_spend=money("max_spend"),
            subscribers_only=bool(data.get("subscribers_only")),
            logins=choices("logins", LOGINS),
            devices=choices("devices", DEVICES),
            came_from=str(data.get("came_from") or "").strip(),
            languages=choices("languages"),
        )


EVERYONE = Audience()


# -- one function per rule: each says whether the shopper passes it -----------------------------


def customer_type_fits(audience: Audience, facts: ShopperFacts) -> bool:
    return not audience.customer_types or facts.customer_type in audience.customer_types


def past_orders_fit(audience: Audience, facts: ShopperFacts) -> bool:
    if audience.min_orders is not None and facts.past_orders < audience.min_orders:
        return False
    return audience.max_orders is None or facts.past_orders <= audience.max_orders


def spend_fits(audience: Audience, facts: ShopperFacts) -> bool:
    if audience.min_spend is not None and facts.lifetime_spend < audience.min_spend:
        return False
    return audience.max_spend is None or facts.lifetime_spend <= audience.max_spend


def subscription_fits(audience: Audience, facts: ShopperFacts) -> bool:
    return not audience.subscribers_only or facts.is_subscriber


def login_fits(audience: Audience, facts: ShopperFacts) -> bool:
    return not audience.logins or (LOGGED_IN if facts.logged_in else GUEST) in audience.logins


def device_fits(audience: Audience, facts: ShopperFacts) -> bool:
    return not audience.devices or facts.device in audience.devices


def source_fits(audience: Audience, facts: ShopperFacts) -> bool:
    return not audience.came_from or audience.came_from.lower() in facts.came_from.lower()


def language_fits(audience: Audience, facts: ShopperFacts) -> bool:
    if not audience.languages:
        return True
    # "ja" in the audience takes "ja-jp" pages too: owners think in languages, not locales.
    base = facts.language.lower().split("-")[0]
    return facts.language.lower() in audience.languages or base in audience.languages


RULES = (
    customer_type_fits,
    past_orders_fit,
    spend_fits,
    subscription_fits,
    login_fits,
    device_fits,
    source_fits,
    language_fits,
)


def matches(audience: Audience | None, facts: ShopperFacts | None) -> bool:
    """Whether a shopper with ``facts`` is in ``audience``.

    ``facts`` of ``None`` means the caller did not gather them (the accept re-check, the admin's
    preview): the audience was checked when the offer was shown, so it is not checked again.
    """
    if audience is None or facts is None:
        return True
    return all(rule(audience, facts) for rule in RULES)


def segment(facts: ShopperFacts) -> str:
    """The label events carry for the dashboard's breakdown: ``"returning:phone"``."""
    return f"{facts.customer_type}:{facts.device}"
