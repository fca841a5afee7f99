"""Association settings, read through ``upsell_settings`` (``UPSELL = {...}``).

``ASSOCIATION_DEFAULTS`` mirrors the entries of ``upsell_app.conf.DEFAULTS``; the fallback only
matters while a project runs an older ``conf.py`` that lacks them.
"""

from __future__ import annotations

from typing import Any

from ..conf import upsell_settings

ASSOCIATION_DEFAULTS: dict[str, Any] = {
    "ASSOCIATIONS_TOP_K": 20,  # partners kept per product
    "ASSOCIATIONS_MIN_COUNT": 2,  # a pair must be seen in at least this many baskets
    "ASSOCIATIONS_MIN_SUPPORT": 0.0,  # ... and in at least this share of all baskets
    "ASSOCIATIONS_BASKET": "order",  # "order" | "customer_window"
    "ASSOCIATIONS_WINDOW_DAYS": 30,  # window of a customer_window basket
    "ASSOCIATIONS_RECENCY_HALF_LIFE_DAYS": None,  # None = no recency weighting
    "ASSOCIATIONS_CHUNK_ORDERS": 500_000,  # baskets mined per chunk (bounds memory)
    "ASSOCIATIONS_SHARDS": 4,  # order shards of a sharded full rebuild (Celery chord)
    "ASSOCIATIONS_LOCK_TIMEOUT": 30,  # seconds: the refresh lock's lease, renewed while it runs
    "ASSOCIATIONS_CACHE_TIMEOUT": 60 * 60 * 24,  # seconds a product's partner list stays cached
    # ranking: partner popularity exponent, 0 (confidence) .. 1 (lift); "auto" = measured on a
    # held-out sample at each full rebuild (see tuning.py)
    "ASSOCIATIONS_SCORE_ALPHA": "auto",
    "ASSOCIATIONS_SCORE_SHRINK": 5.0,  # ranking: count shrinkage (see ranking.py)
    "ASSOCIATIONS_GAP_SECONDS": 60 * 60,  # how long a missing purchase-line id is re-checked
}


def setting(name: str) -> Any:
    try:
        return getattr(upsell_settings, name)
    except AttributeError:
        return upsell_settings.user_settings.get(name, ASSOCIATION_DEFAULTS[name])


def mining_params() -> dict[str, Any]:
    """Parameters a stored result depends on; a change forces a full rebuild."""
    return {
        "top_k": int(setting("ASSOCIATIONS_TOP_K")),
        "min_count": int(setting("ASSOCIATIONS_MIN_COUNT")),
        "basket": str(setting("ASSOCIATIONS_BASKET")),
        "window_days": float(setting("ASSOCIATIONS_WINDOW_DAYS")),
        "half_life_days": setting("ASSOCIATIONS_RECENCY_HALF_LIFE_DAYS"),
    }
