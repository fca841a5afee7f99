"""A shop that forgets the docs' assets is told by a system check, not by a blank page."""

from __future__ import annotations

from django.test.utils import modify_settings

from upsell_app.api.checks import check_docs_assets


def test_docs_check_is_quiet_when_the_sidecar_is_installed():
    assert check_docs_assets() == []


def test_docs_check_warns_when_the_sidecar_is_not_installed():
    with modify_settings(INSTALLED_APPS={"remove": ["drf_spectacular_sidecar"]}):
        warnings = check_docs_assets()

    assert [w.id for w in warnings] == ["upsell_app.W901"]
    assert "drf_spectacular_sidecar" in warnings[0].hint
