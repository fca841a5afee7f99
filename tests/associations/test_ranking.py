"""The pop-up's ranking of learned partners: pure, deterministic, explains itself."""

from __future__ import annotations

from upsell_app.associations.ranking import Partner, make_partner, pair_score, recommend


def P(pid, score, count=10):  # noqa: N802 - reads like a literal
    return Partner(product_id=pid, count=count, confidence=0.5, lift=2.0, score=score)


def test_recommend_excludes_cart_items_and_excluded_products():
    partners = {1: (P(2, 0.9), P(3, 0.8), P(4, 0.7)), 2: (P(1, 0.9), P(5, 0.1))}
    got = recommend([1, 2], partners, exclude={4}, k=10)
    assert [r.product_id for r in got] == [3, 5]


def test_scores_of_several_cart_products_add_up_and_the_biggest_contributor_is_named():
    partners = {1: (P(9, 0.3), P(8, 0.5)), 2: (P(9, 0.4),)}
    got = recommend([1, 2], partners, exclude=(), k=2)
    assert [(r.product_id, round(r.score, 6), r.because_of) for r in got] == [
        (9, 0.7, 2),
        (8, 0.5, 1),
    ]


def test_ties_are_broken_by_smaller_product_id_and_k_limits():
    partners = {1: (P(7, 0.5), P(6, 0.5), P(5, 0.5))}
    assert [r.product_id for r in recommend([1], partners, (), k=2)] == [5, 6]
    assert recommend([1], partners, (), k=0) == []


def test_cart_products_without_partners_are_fine():
    assert recommend([42], {}, (), k=5) == []


def test_pair_score_is_confidence_at_alpha_zero_and_damps_rare_pairs():
    assert pair_score(5, 10, 100, alpha=0.0, beta=0.0, locality=1.0) == 0.5
    assert pair_score(1, 2, 2, alpha=0.5, beta=5) < pair_score(50, 100, 100, alpha=0.5, beta=5)


def test_locality_keeps_each_products_own_order_but_lets_one_strong_pair_win_the_sum():
    strong, weak = (40, 100, 100), (25, 100, 100)  # (count, antecedent count, partner count)
    for q in (1.0, 2.0, 3.0):
        assert pair_score(*strong, locality=q) > pair_score(*weak, locality=q)
    # Candidate 9: one cart product vouches strongly; candidate 8: two vouch half as strongly.
    for q, winner in ((1.0, 8), (3.0, 9)):
        partners = {
            1: (P(9, pair_score(*strong, beta=0, locality=q)),),
            2: (P(8, pair_score(*weak, beta=0, locality=q)),),
            3: (P(8, pair_score(*weak, beta=0, locality=q)),),
        }
        got = recommend([1, 2, 3], partners, (), k=1)
        assert got[0].product_id == winner


def test_make_partner_derives_confidence_and_lift():
    p = make_partner(
        3, count=20, weighted_count=20, antecedent_weight=40, partner_weight=50, total_weight=1000
    )
    assert p.confidence == 0.5
    assert p.lift == 0.5 / (50 / 1000)


def test_the_lift_of_a_pair_is_its_co_occurrence_over_chance():
    # 1,000 baskets: 100 with the antecedent, 50 with the partner, 20 with both.
    # confidence = 20 / 100 = 0.2; P(partner) = 50 / 1000 = 0.05; lift = 0.2 / 0.05 = 4.0
    partner = make_partner(7, 20, 20.0, 100.0, 50.0, 1000.0)
    assert partner.confidence == 0.2
    assert partner.lift == 4.0


def test_a_pair_bought_together_only_as_often_as_chance_does_not_vote_above_a_minimum_lift():
    # 1,000 baskets: 100 with product 1, 50 with 8, 5 with both: lift (5/100)/(50/1000) = 1.0.
    # 200 with 9, 60 with 1 and 9: lift (60/100)/(200/1000) = 3.0.
    partners = {
        1: (
            make_partner(8, 5, 5.0, 100.0, 50.0, 1000.0),
            make_partner(9, 60, 60.0, 100.0, 200.0, 1000.0),
        )
    }
    assert [r.product_id for r in recommend([1], partners, (), k=5)] == [9, 8]
    assert [r.product_id for r in recommend([1], partners, (), k=5, min_lift=1.0)] == [9]


def test_a_recommendation_is_named_after_a_cart_product_it_is_supported_by_and_carries_that_lift():
    # Product 9 scores highest with cart product 1, but 1 and 9 meet only by chance (lift 0.9):
    # with a minimum lift of 1 it goes with cart product 2 (lift 2.5) instead.
    partners = {
        1: (Partner(9, 30, 0.3, 0.9, 0.8),),
        2: (Partner(9, 10, 0.1, 2.5, 0.2),),
    }
    (plain,) = recommend([1, 2], partners, (), k=1)
    (supported,) = recommend([1, 2], partners, (), k=1, min_lift=1.0)
    assert (plain.because_of, plain.lift) == (1, 0.9)
    assert (supported.because_of, supported.lift, supported.score) == (2, 2.5, 0.2)
