"""POST data for the offer admin, named the way Django's admin form names its fields."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

ADD_URL_NAME = "admin:upsell_app_offer_add"
CHANGELIST_URL_NAME = "admin:upsell_app_offer_changelist"

SUBSCRIPTION_TERMS = {
    "interval_count": "1",
    "interval_unit": "month",
    "first_delivery": "Ships with this order",
    "payment_timing": "Charged when each delivery ships",
    "minimum_deliveries": "0",
    "shipping_fee": "0",
    "payment_method": "The card used for this order",
    "contract_period": "No fixed period: renews with each delivery until cancelled",
    "cancellation": "Cancel or skip any time from My account.",
    "cancellation_deadline": "Until 5 days before the next delivery",
}


def add_url() -> str:
    return reverse(ADD_URL_NAME)


def changelist_url() -> str:
    return reverse(CHANGELIST_URL_NAME)


#: The texts the form carries once per language (``headline__en``, ``headline__ja``).
TEXTS = (
    "headline",
    "value_message",
    "first_delivery",
    "payment_method",
    "payment_timing",
    "contract_period",
    "cancellation",
    "cancellation_deadline",
)


def offer_data(
    kind: str,
    *,
    language: str = "en",
    sources: list[Any] = (),
    targets: list[Any] = (),
    triggers: list[str] = ("add_to_cart",),
    **overrides: Any,
) -> dict[str, Any]:
    """A complete, valid-looking add form: every field present, as the browser would send it.

    M2M fields (``filter_horizontal``) post a list of ids; split date-times post ``_0`` (date) and
    ``_1`` (time); a checkbox is sent only when ticked. Texts (``headline=...``) are posted in
    ``language``'s fields; fields another kind uses are posted too and must be ignored.
    """
    data: dict[str, Any] = {
        "name": f"{kind} offer",
        "kind": kind,
        "is_active": "on",
        "priority": "100",
        "triggers": list(triggers),
        "starts_at_0": "",
        "starts_at_1": "",
        "ends_at_0": "",
        "ends_at_1": "",
        "source_products": [str(p.pk) for p in sources],
        "source_categories": "",
        "min_subtotal": "",
        "max_subtotal": "",
        "target_source": "manual",
        "target_products": [str(p.pk) for p in targets],
        "discount_type": "none",
        "discount_value": "0",
        "headline": "Make it {product}",
        "value_message": "Only {difference} more",
        "interval_count": "",
        "interval_unit": "",
        "first_delivery": "",
        "payment_timing": "",
        "minimum_deliveries": "",
        "shipping_fee": "",
        "payment_method": "",
        "contract_period": "",
        "cancellation": "",
        "cancellation_deadline": "",
        # The A/B variants inline (an empty formset), as the admin page sends it.
        "variants-TOTAL_FORMS": "0",
        "variants-INITIAL_FORMS": "0",
        "variants-MIN_NUM_FORMS": "0",
        "variants-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(overrides)
    for name in TEXTS:
        if name in data:
            data[f"{name}__{language}"] = data.pop(name)
    return data


def form_errors(response) -> dict[str, list[str]]:  # noqa: ANN001 - a test client response
    """The add form's errors by field, as the admin re-rendered them."""
    form = response.context["adminform"].form
    return {field: [str(m) for m in messages] for field, messages in form.errors.items()}
