"""Optional automatic optimisation (``AB_AUTO_OPTIMISE``): Thompson sampling over take rates.

Each non-control arm's take rate gets a Beta(1 + accepts, 1 + impressions - accepts) posterior;
its new traffic weight is proportional to the probability that it is the best arm. The control
arm keeps its share of traffic, so the holdout that measures true uplift never shrinks.
Assignment stays a deterministic hash over the new weights: shoppers move arms only when the
weights move.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..conf import upsell_settings

WEIGHT_SCALE = 1000  # weights are integers; the best-arm shares are spread over this many units
MIN_WEIGHT = 10  # never starve an arm completely: it keeps learning


def probability_best(
    accepts: Sequence[int], impressions: Sequence[int], draws: int = 20_000, seed: int = 0
) -> list[float]:
    """For each arm, the posterior probability that its take rate is the highest."""
    rng = np.random.default_rng(seed)
    a = np.asarray(accepts, dtype=float)
    n = np.asarray(impressions, dtype=float)
    samples = rng.beta(1 + a, 1 + np.maximum(n - a, 0), size=(draws, len(a)))
    wins = np.bincount(samples.argmax(axis=1), minlength=len(a))
    return (wins / draws).tolist()


def thompson_weights(
    accepts: Sequence[int], impressions: Sequence[int], seed: int = 0
) -> list[int]:
    shares = probability_best(accepts, impressions, seed=seed)
    return [max(MIN_WEIGHT, round(share * WEIGHT_SCALE)) for share in shares]


def rebalance_offer(offer_id: int) -> dict[int, int]:
    """Write Thompson weights to an offer's active non-control arms; return {variant id: weight}."""
    from django.db.models import Count, Q

    from ..models import EventType, OfferVariant

    controls = list(OfferVariant.objects.filter(offer_id=offer_id, is_active=True, is_control=True))
    arms = list(
        OfferVariant.objects.filter(offer_id=offer_id, is_active=True, is_control=False)
        .annotate(
            shown=Count("events", filter=Q(events__type=EventType.IMPRESSION)),
            taken=Count("events", filter=Q(events__type=EventType.ACCEPT)),
        )
        .order_by("id")
    )
    if len(arms) < 2:
        return {}
    weights = thompson_weights([a.taken for a in arms], [a.shown for a in arms], seed=offer_id)
    # The arms' total weight changes scale: rescale the control so its share stays the same.
    before, after = sum(a.weight for a in arms) or 1, sum(weights)
    for control in controls:
        control.weight = max(1, round(control.weight * after / before))
        control.save(update_fields=["weight"])
    for arm, weight in zip(arms, weights, strict=True):
        if arm.weight != weight:
            arm.weight = weight
            arm.save(update_fields=["weight"])
    return {arm.pk: weight for arm, weight in zip(arms, weights, strict=True)}


def rebalance_all() -> int:
    """Rebalance every active offer with two or more arms, when the setting allows it."""
    from ..models import Offer

    if not upsell_settings.AB_AUTO_OPTIMISE:
        return 0
    offers = Offer.objects.active().filter(variants__is_active=True).distinct()
    return sum(1 for offer in offers if rebalance_offer(offer.pk))
