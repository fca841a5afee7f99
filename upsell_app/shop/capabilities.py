"""Which offer kinds the shop's cart adapter can carry out.

A shop implements only the adapter methods its offers need: a shop that never runs bundles need
not write ``apply_bundle_discount``. This module says, for an adapter class, which methods an offer
kind needs and which of those the class leaves unimplemented, so that ``manage.py check`` warns,
the admin refuses to activate such an offer, and the pop-up never shows one the cart cannot apply.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..selection.types import Kind

#: The full contract (the shop stores prices, set discounts and plans): methods every shop writes.
FULL_REQUIRED = ("get_lines", "get_summary", "add_line", "replace_line", "remove_line")
#: ... and the methods each kind calls besides (bundles add lines, then a set discount that a
#: removed line must be able to take back).
FULL_KIND_METHODS: dict[Kind, tuple[str, ...]] = {
    Kind.UPSELL: ("replace_line",),
    Kind.DOWNSELL: ("replace_line",),
    Kind.CROSS_SELL: ("add_line",),
    Kind.BUNDLE: ("add_line", "apply_bundle_discount", "revoke_bundle_discount"),
    Kind.SUBSCRIPTION: ("convert_to_subscription",),
}
#: The simple contract (the app keeps agreed prices, set discounts and plans): lines only.
SIMPLE_REQUIRED = ("get_lines", "add_line", "replace_line", "remove_line")
SIMPLE_KIND_METHODS: dict[Kind, tuple[str, ...]] = {
    Kind.UPSELL: ("replace_line",),
    Kind.DOWNSELL: ("replace_line",),
    Kind.CROSS_SELL: ("add_line",),
    Kind.BUNDLE: ("add_line",),
    Kind.SUBSCRIPTION: (),
}


def _contract(adapter_class: type) -> tuple[type | None, tuple[str, ...], dict]:
    """The contract class ``adapter_class`` implements, its required methods and kind needs."""
    from .. import adapters

    simple = getattr(adapters, "SimpleCartAdapter", None)
    if simple is not None and issubclass(adapter_class, simple):
        return simple, SIMPLE_REQUIRED, SIMPLE_KIND_METHODS
    if issubclass(adapter_class, adapters.CartAdapter):
        return adapters.CartAdapter, FULL_REQUIRED, FULL_KIND_METHODS
    return None, (), {}


def _unimplemented(adapter_class: type, base: type, names: Iterable[str]) -> list[str]:
    # The contract's own methods only raise NotImplementedError: inheriting one unchanged means
    # the shop did not write it.
    return [name for name in names if getattr(adapter_class, name) is getattr(base, name)]


def missing_required(adapter_class: type) -> list[str]:
    """Methods every offer needs that ``adapter_class`` does not implement."""
    base, required, _ = _contract(adapter_class)
    return _unimplemented(adapter_class, base, required) if base is not None else []


def missing_for_kind(adapter_class: type, kind: Kind | str) -> list[str]:
    """Methods an offer of ``kind`` calls that ``adapter_class`` does not implement."""
    base, _, kind_methods = _contract(adapter_class)
    if base is None:
        return []
    return _unimplemented(adapter_class, base, kind_methods.get(Kind(kind), ()))


def unsupported_kinds(adapter_class: type | None) -> dict[Kind, list[str]]:
    """Every kind ``adapter_class`` cannot carry out, with the methods it lacks for it."""
    if adapter_class is None:
        return {}
    found = {kind: missing_for_kind(adapter_class, kind) for kind in Kind}
    return {kind: missing for kind, missing in found.items() if missing}


def configured_adapter_class() -> type | None:
    """The configured ``UPSELL["CART_ADAPTER"]`` class, or None when it is unset or broken
    (``manage.py check`` reports why)."""
    from ..conf import upsell_settings

    try:
        adapter_class = upsell_settings.CART_ADAPTER
    except ImportError:
        return None
    return adapter_class if isinstance(adapter_class, type) else None


def kind_blocker(kind: Kind | str) -> tuple[str, list[str]] | None:
    """``(adapter name, missing methods)`` when the configured adapter cannot apply ``kind``."""
    adapter_class = configured_adapter_class()
    if adapter_class is None:
        return None
    missing = missing_for_kind(adapter_class, kind)
    return (adapter_class.__name__, missing) if missing else None


def format_methods(names: Iterable[str]) -> str:
    return ", ".join(f"{name}()" for name in names)


# -- what keeps two changes to one cart apart ---------------------------------------------------
#: The cart adapter serialises changes with a lock (a row lock, or the app's cache lock).
LOCK = "lock"
#: The cart has no lock of its own: a version read before and compared on write.
OPTIMISTIC = "optimistic"
#: Nothing: two concurrent accepts may both apply.
NO_GUARANTEE = "none"


def concurrency_guarantee(adapter_class: type) -> str:
    """Which guarantee ``adapter_class`` gives against two changes to one cart at once.

    A lines-only adapter that reports a ``cart_version()`` is checked optimistically; otherwise
    it is locked (by its own ``lock()``, or the app's cache lock on its cart key). A full-contract
    adapter is locked only when it implements ``lock()``.
    """
    from .. import adapters

    if issubclass(adapter_class, adapters.SimpleCartAdapter):
        if adapter_class.cart_version is not adapters.SimpleCartAdapter.cart_version:
            return OPTIMISTIC
        return LOCK
    if issubclass(adapter_class, adapters.CartAdapter):
        return LOCK if adapter_class.lock is not adapters.CartAdapter.lock else NO_GUARANTEE
    return NO_GUARANTEE
