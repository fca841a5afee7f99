"""The demo's simulated shoppers as a pure, fast model with a known true effect.

:mod:`.simulation` writes a month of shoppers into the database for the demo's dashboard; this
module draws the same kind of shoppers in numpy, in memory, so the statistics the dashboard shows
can be checked over hundreds of simulated months in seconds: the share of runs whose interval
covers the true effect, and the share that declares a winner when there is none.

The shopper, as :mod:`.simulation` draws them: a visitor orders with probability ``order_rate``
one or two items picked at random from the catalogue; a visitor shown offers accepts one with
probability ``take_rate``, then orders with probability ``order_rate_after_accept`` and adds the
offer's item. Each visitor has a spending level (mean 1) that scales their basket; returning
customers (``returning_share``) also spent before the test in proportion to it, which is the
pre-test spend CUPED uses. Because the model is explicit, the true difference in revenue per
visitor is a formula (:func:`true_effect`), not an estimate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .sequential import Sums


@dataclass(frozen=True)
class ShopModel:
    prices: Sequence[float]  # the catalogue's prices
    offer_price: float = 2980.0  # the item an accepted offer adds (a phone case)
    order_rate: float = 0.45
    order_rate_after_accept: float = 0.75
    take_rate: float = 0.12
    returning_share: float = 0.6
    spending_shape: float = 2.0  # gamma shape of the spending level (mean 1)
    past_orders: float = 2.0  # a returning customer's mean number of earlier orders

    @property
    def basket(self) -> float:
        """The mean value of an order before offers: 1.5 items of the mean price."""
        return 1.5 * float(np.mean(self.prices))


def true_effect(shop: ShopModel, take_rate: float | None = None) -> float:
    """Revenue per visitor of visitors shown offers minus that of visitors never shown one."""
    t = shop.take_rate if take_rate is None else take_rate
    shown = t * shop.order_rate_after_accept * (shop.basket + shop.offer_price) + (
        (1 - t) * shop.order_rate * shop.basket
    )
    return shown - shop.order_rate * shop.basket


@dataclass(frozen=True)
class Day:
    """One day of one group: revenue per visitor (with pre-test spend) and offers taken."""

    revenue: Sums
    take: Sums  # accepts per visitor shown offers (empty for held-out visitors)


def visitors(
    rng: np.random.Generator, shop: ShopModel, count: int, shown: bool,
    take_rate: float | None = None,
) -> Day:
    """``count`` visitors of one day, shown offers or held out."""
    prices = np.asarray(shop.prices, dtype=float)
    level = rng.gamma(shop.spending_shape, 1 / shop.spending_shape, count)
    items = rng.choice(prices, size=(count, 2))
    two = rng.random(count) < 0.5
    basket = level * (items[:, 0] + np.where(two, items[:, 1], 0.0))
    accepted = np.zeros(count, dtype=bool)
    if shown:
        accepted = rng.random(count) < (shop.take_rate if take_rate is None else take_rate)
    rate = np.where(accepted, shop.order_rate_after_accept, shop.order_rate)
    ordered = rng.random(count) < rate
    revenue = np.where(ordered, basket + np.where(accepted, shop.offer_price, 0.0), 0.0)
    returning = rng.random(count) < shop.returning_share
    earlier = rng.poisson(shop.past_orders, count) * returning
    before = level * earlier * shop.basket
    take = Sums.of_proportion(int(accepted.sum()), count) if shown else Sums()
    return Day(revenue=_sums(revenue, before), take=take)


def _sums(y: np.ndarray, x: np.ndarray) -> Sums:
    return Sums(
        n=len(y), y=float(y.sum()), yy=float((y * y).sum()), x=float(x.sum()),
        xx=float((x * x).sum()), xy=float((x * y).sum()),
    )
