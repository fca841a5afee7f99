"""What every shop page shows: the cart in the header and the category navigation."""

from typing import Any

from .cart import read_cart
from .models import Category
from .upsell_adapter import get_cart


def cart(request: Any) -> dict[str, Any]:
    if not hasattr(request, "session") or request.path.startswith("/admin/"):
        return {}
    shop_cart = get_cart(request, create=False)
    return {
        "cart": shop_cart,
        "header_cart": read_cart(request, shop_cart),
        "shop_categories": Category.objects.all(),
    }
