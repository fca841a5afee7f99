from typing import Any

from .upsell_adapter import get_cart


def cart(request: Any) -> dict[str, Any]:
    if not hasattr(request, "session") or request.path.startswith("/admin/"):
        return {}
    return {"cart": get_cart(request, create=False)}
