"""The fit rule for learned suggestions, in words: what the admin reads next to a learned list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from ..selection.fit import Misfit, cart_profile, misfit
from ..selection.types import FitPolicy, ProductInfo
from ..serving.presentation import money_display


def policy_text(policy: FitPolicy) -> str:
    """One sentence per part of the rule, as configured."""
    parts: list[str] = []
    if policy.substitute_by == {"family", "category"}:
        parts.append(
            _(
                "A learned suggestion is never a substitute of a cart product "
                "(same family or same category)."
            )
        )
    elif "family" in policy.substitute_by:
        parts.append(_("A learned suggestion is never a product of a family already in the cart."))
    elif "category" in policy.substitute_by:
        parts.append(
            _("A learned suggestion is never a product of a category already in the cart.")
        )
    if policy.max_price_ratio is not None:
        parts.append(
            _("It costs at most %(ratio)s times the dearest product in the cart.")
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
) -> tuple[str, list[tuple[str, str]]]:
    """The rule in words, and ``(partner title, why left out)`` for each partner the pop-up skips
    when ``product_id`` is alone in the cart (other cart products may widen the price band)."""
    source = products.get(product_id)
    if source is None:
        return policy_text(policy), []
    profile = cart_profile([source])
    left_out = []
    for partner_id in partner_ids:
        target = products.get(partner_id)
        if target is None:
            continue
        reason = misfit(target, profile, policy)
        if reason is not None:
            left_out.append((target.title, misfit_text(reason, target, source, policy)))
    return policy_text(policy), left_out
