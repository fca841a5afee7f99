"""The fit rule for learned suggestions, in words: what the admin reads next to a learned list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from ..selection.fit import Misfit, cart_profile, misfit
from ..selection.types import FitPolicy, ProductInfo, SubstituteRule
from ..serving.presentation import money_display


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else f"{value}"


def _substitute_text(policy: FitPolicy) -> str:
    rule = policy.substitute_rule
    family = "family" in policy.substitute_by
    category = "category" in policy.substitute_by
    if rule is SubstituteRule.OFF or not (family or category):
        return ""
    if rule is SubstituteRule.CATEGORY and family and category:
        return _(
            "A learned suggestion is never a substitute of a cart product "
            "(same family or same category)."
        )
    if rule is SubstituteRule.CATEGORY and category:
        return _("A learned suggestion is never a product of a category already in the cart.")
    parts = []
    if family:
        parts.append(
            _("A learned suggestion is never a product of a family already in the cart.")
        )
    lift = policy.substitute_lift
    if lift is not None and rule is SubstituteRule.CATEGORY_AND_DATA and category:
        parts.append(
            _(
                "A product of its item's category is a substitute when the two are seldom "
                "bought together (lift below %(lift)s)."
            )
            % {"lift": _number(lift)}
        )
    elif lift is not None and rule is SubstituteRule.DATA:
        parts.append(
            _(
                "A product seldom bought together with its item (lift below %(lift)s) is a "
                "substitute."
            )
            % {"lift": _number(lift)}
        )
    return " ".join(parts)


def policy_text(policy: FitPolicy) -> str:
    """One sentence per part of the rule, as configured."""
    parts: list[str] = []
    if policy.min_lift is not None:
        parts.append(
            _(
                "A learned suggestion is bought with the item it is shown with more often than "
                "chance (lift above %(lift)s)."
            )
            % {"lift": _number(policy.min_lift)}
        )
    substitutes = _substitute_text(policy)
    if substitutes:
        parts.append(substitutes)
    if policy.max_price_ratio is not None:
        parts.append(
            _("It costs at most %(ratio)s times the item it is shown with.")
            % {"ratio": f"{policy.max_price_ratio.normalize():f}"}
        )
    if not parts:
        return _("The fit rule is off: every learned partner may be shown.")
    return " ".join(parts)


def misfit_text(reason: Misfit, target: ProductInfo, source: ProductInfo, policy: FitPolicy) -> str:
    if reason is Misfit.SAME_FAMILY:
        return _("left out: same family as %(product)s") % {"product": source.title}
    if reason is Misfit.SAME_CATEGORY:
        return _("left out: same category as %(product)s") % {"product": source.title}
    if reason is Misfit.RARELY_TOGETHER:
        return _("left out: a substitute of %(product)s (seldom bought together)") % {
            "product": source.title
        }
    if reason is Misfit.UNSUPPORTED:
        return _("left out: not bought with %(product)s more often than chance") % {
            "product": source.title
        }
    return _("left out: %(price)s is more than %(ratio)s × %(source_price)s") % {
        "price": money_display(target.price),
        "ratio": f"{policy.max_price_ratio.normalize():f}" if policy.max_price_ratio else "",
        "source_price": money_display(source.price),
    }


def explain_partners(
    product_id: int,
    partner_ids: Sequence[int],
    products: Mapping[int, ProductInfo],
    policy: FitPolicy,
    lifts: Mapping[int, float] | None = None,
) -> tuple[str, list[tuple[str, str]]]:
    """The rule in words, and ``(partner title, why left out)`` for each partner the pop-up skips
    when shown with ``product_id`` (``lifts``: each partner's lift with it)."""
    source = products.get(product_id)
    if source is None:
        return policy_text(policy), []
    profile = cart_profile([source])
    left_out = []
    for partner_id in partner_ids:
        target = products.get(partner_id)
        if target is None:
            continue
        lift = (lifts or {}).get(partner_id)
        reason = misfit(target, profile, policy, source, lift)
        if reason is not None:
            left_out.append((target.title, misfit_text(reason, target, source, policy)))
    return policy_text(policy), left_out
