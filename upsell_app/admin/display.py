"""How the admin's lists show values to a shop owner: prices with the currency, products by name
(read once per page through the shop's catalogue), shoppers as "Member #42" / "Guest 1577cb"
rather than raw keys."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest
from django.utils.translation import get_language_info, gettext

logger = logging.getLogger(__name__)

#: How many characters of a guest's key tell guests apart without showing the whole key.
GUEST_REF_LENGTH = 6
_MEMBER_PREFIXES = ("user:", "u:")
_GUEST_PREFIXES = ("guest:", "s:")


def money(amount: Decimal | None) -> str:
    """A price as the shop shows it (``-¥297``), or a dash when there is none."""
    if amount is None:
        return "—"
    from ..serving.presentation import money_display

    return money_display(Decimal(amount))


def language_name(code: str) -> str:
    """A language as the admin reads it ("日本語" / "Japanese"), or its code when Django has no
    name for it."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def shopper_label(key: str, user_id: int | None = None) -> str:
    """A readable name for a shopper key: a member by account number, a guest by a short ref.

    Keys are the app's (``s:<hash>`` carts, ``u:<id>``) or the shop's (``user:<id>``,
    ``guest:<hash>``, oscar's ``order:<number>``); any other key is shown short.
    """
    if user_id is not None:
        return gettext("Member #%(id)s") % {"id": user_id}
    key = key or ""
    for prefix in _MEMBER_PREFIXES:
        if key.startswith(prefix) and key[len(prefix):].isdigit():
            return gettext("Member #%(id)s") % {"id": key[len(prefix):]}
    for prefix in _GUEST_PREFIXES:
        if key.startswith(prefix):
            return gettext("Guest %(ref)s") % {"ref": key[len(prefix):][:GUEST_REF_LENGTH]}
    if key.startswith("order:"):
        return gettext("Guest (order %(number)s)") % {"number": key[len("order:"):]}
    if not key:
        return gettext("Guest")
    ref = key if len(key) <= 16 else key[:GUEST_REF_LENGTH] + "…"
    return gettext("Shopper %(ref)s") % {"ref": ref}


def product_names(ids: Iterable[int]) -> dict[int, str]:
    """Product titles by id through the shop's catalogue; a product it no longer has is absent."""
    ids = [pid for pid in set(ids) if pid is not None]
    if not ids:
        return {}
    from ..adapters import get_catalog_adapter

    try:
        products = get_catalog_adapter().get_products(ids)
    except Exception:  # a catalogue problem must not break the admin's lists: ids remain
        logger.exception("The catalogue could not be read for the admin.")
        return {}
    return {pid: str(info.title) for pid, info in products.items()}


def product_label(product_id: int | None, names: dict[int, str]) -> str:
    if product_id is None:
        return "—"
    name = names.get(product_id)
    # A product the catalogue no longer has keeps its id, so the row still says which it was.
    if name:
        return f"{name} (#{product_id})"
    return gettext("#%(id)s (not in the catalogue)") % {"id": product_id}


class ProductNamesMixin:
    """For a ModelAdmin whose rows name products by id: their titles, read once per page.

    Set ``product_ids_of`` to a function giving a row's product ids.
    """

    product_ids_of: Callable[[Any], Iterable[int | None]] = staticmethod(lambda row: ())

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        ids_of = type(self).product_ids_of

        class NamedProductsChangeList(ChangeList):
            def get_results(self, request: HttpRequest) -> None:
                super().get_results(request)
                rows = list(self.result_list)
                names = product_names(pid for row in rows for pid in ids_of(row))
                for row in rows:
                    row.product_names = names

        return NamedProductsChangeList

    def names_for(self, row: Any) -> dict[int, str]:
        names = getattr(row, "product_names", None)
        if names is None:  # a detail page: one row, one catalogue read
            names = row.product_names = product_names(type(self).product_ids_of(row))
        return names
