"""The quality evaluation's categories for online retail: the product type named in the
description, by a fixed keyword rule (bench/datasets.py)."""

from bench.datasets import category_of


def test_a_description_is_filed_under_the_type_its_keyword_names():
    assert category_of("JUMBO BAG RED RETROSPOT") == "bags"
    assert category_of("WHITE METAL LANTERN") == "candles and lights"


def test_the_first_group_in_order_wins_when_a_description_names_two_types():
    # "T-LIGHT" (candles and lights) is listed before "HOLDER" (home decor).
    assert category_of("WHITE HANGING HEART T-LIGHT HOLDER") == "candles and lights"


def test_keywords_match_whole_words_only():
    # "BAGS" is a keyword, "BAGSY" is not; colours and patterns are never keywords.
    assert category_of("BAGSY PINK POLKADOT") == ""


def test_a_description_without_a_keyword_gets_no_category():
    assert category_of("RED RETROSPOT") == ""
