"""ALPHA is chosen by measurement on held-out baskets, deterministically."""

from __future__ import annotations

import numpy as np

from upsell_app.associations import mining, tuning


def _history(n: int, seed: int = 0):
    """Niche pairs (rare products always bought together) amid a few very popular products."""
    rng = np.random.default_rng(seed)
    keys, pids = [], []
    for b in range(n):
        a = int(rng.integers(100, 400))
        items = {a, a + 1000, *rng.choice([1, 2, 3, 4], size=2, replace=False).tolist()}
        keys += [b] * len(items)
        pids += sorted(items)
    return np.array(keys), np.array(pids)


def test_choose_alpha_keeps_the_best_measured_value_ties_going_to_the_default():
    keys, pids = _history(6000)
    cc = mining.count_baskets(keys, pids)
    sample = keys % tuning.holdout_modulus(6000) == 0
    alpha, scores = tuning.choose_alpha(cc, (keys[sample], pids[sample]), k=20, min_count=2)
    assert set(scores) == set(tuning.GRID)
    assert scores[alpha] == max(scores.values())
    # Here pure lift over-rates the rare pairs; the others tie and the default wins the tie.
    assert scores[1.0] < scores[0.5] and alpha == tuning.DEFAULT_ALPHA
    again = tuning.choose_alpha(cc, (keys[sample][::-1], pids[sample][::-1]), k=20, min_count=2)
    assert again == (alpha, scores)  # line order does not matter


def test_too_few_held_out_baskets_keep_the_default():
    keys, pids = _history(50)
    cc = mining.count_baskets(keys, pids)
    assert tuning.choose_alpha(cc, (keys[:20], pids[:20]), k=20, min_count=1) == (
        tuning.DEFAULT_ALPHA,
        {},
    )
