"""``manage.py check`` is clean in the oscar sample shop and names each oscar wiring mistake."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.checks import run_checks
from django.core.management import call_command

from upsell_app.contrib.oscar.checks import check_oscar_integration


def ids(problems) -> list[str]:
    return [p.id for p in problems]


#: The sample shop's cache when REDIS_URL is set (oscar_demo/settings.py); only parsed by `check`.
REDIS_CACHE = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": "redis://127.0.0.1:6379/1",
    "KEY_PREFIX": "oscar_demo",
}


@pytest.fixture
def shared_cache(settings):
    """The cache as the shop runs it with REDIS_URL: without it (a machine with no Redis) the
    cache is per process, which `check` rightly warns about when DEBUG is off (see below)."""
    if "locmem" in settings.CACHES["default"]["BACKEND"]:
        settings.CACHES = {**settings.CACHES, "default": REDIS_CACHE}


def test_check_is_clean_in_the_sample_shop(shared_cache):
    out = StringIO()
    call_command("check", stdout=out)

    assert "System check identified no issues" in out.getvalue()
    assert [p for p in run_checks() if p.id.startswith("upsell")] == []


def test_without_redis_check_warns_only_that_the_cache_is_per_process(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    assert [p.id for p in run_checks() if p.id.startswith("upsell")] == ["upsell_app.W001"]


def test_missing_request_middleware_is_reported_with_the_line_to_add(settings):
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.startswith("upsell_app.contrib.oscar")
    ]

    (problem,) = check_oscar_integration()

    assert problem.id == "upsell_oscar.E003"
    assert "upsell_app.contrib.oscar.middleware.CurrentRequestMiddleware" in problem.hint


def test_request_middleware_before_oscars_basket_middleware_is_reported(settings):
    ours = "upsell_app.contrib.oscar.middleware.CurrentRequestMiddleware"
    settings.MIDDLEWARE = [ours, *(m for m in settings.MIDDLEWARE if m != ours)]

    assert ids(check_oscar_integration()) == ["upsell_oscar.E004"]


def test_missing_basket_middleware_is_reported(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "BasketMiddleware" not in m]

    assert ids(check_oscar_integration()) == ["upsell_oscar.E002"]


def test_a_product_model_other_than_oscars_is_reported(settings):
    settings.UPSELL_PRODUCT_MODEL = "auth.User"

    (problem,) = check_oscar_integration()

    assert problem.id == "upsell_oscar.E001"
    assert problem.hint == 'Set UPSELL_PRODUCT_MODEL = "catalogue.Product".'


@pytest.mark.parametrize(
    ("key", "code"),
    [("CART_ADAPTER", "upsell_oscar.W001"), ("CATALOG_ADAPTER", "upsell_oscar.W002")],
)
def test_adapters_that_do_not_speak_oscar_are_reported(settings, key, code):
    settings.UPSELL = {**settings.UPSELL, key: "upsell_app.adapters.ModelCatalogAdapter"}

    assert ids(check_oscar_integration()) == [code]
