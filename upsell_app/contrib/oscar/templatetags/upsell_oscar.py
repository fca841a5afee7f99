"""``{% upsell_oscar_widget %}``: the pop-up for oscar's pages.

The core widget plus what oscar's pages need: its basket totals are rendered on the server (the
page reloads after an accepted offer), and its basket page changes lines in place, so a moment
noted while doing that (an item removed) is played without a page load. Takes the same arguments
as ``{% upsell_widget %}``.
"""

from __future__ import annotations

from typing import Any

from django import template

from upsell_app.templatetags.upsell import upsell_widget

register = template.Library()


@register.inclusion_tag("upsell_oscar/widget.html", takes_context=True)
def upsell_oscar_widget(
    context: template.Context,
    trigger: str | None = None,
    product_id: Any = None,
    mode: str | None = None,
) -> dict[str, Any]:
    return upsell_widget(context, trigger=trigger, product_id=product_id, mode=mode)
