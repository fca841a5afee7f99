"""Remove the two site offers ("Offer price", "Set discount") earlier versions created.

They showed on oscar's public ``/offers/`` page and topped its dashboard's lists; the app's terms
now reach the totals through the pricing strategy. Found by the app's own condition classes, never
by name or id: the shop's own offers are left alone. Not reversible into the old offers (they would
discount a second time); reversing does nothing.
"""

from django.db import migrations

PACKAGE = "upsell_app.contrib.oscar"
CONDITIONS = (
    f"{PACKAGE}.conditions.AgreedPriceCondition",
    f"{PACKAGE}.conditions.SetDiscountCondition",
)
BENEFITS = (
    f"{PACKAGE}.benefits.AgreedPriceBenefit",
    f"{PACKAGE}.benefits.SetDiscountBenefit",
)


def remove_offers(apps, schema_editor):
    """Delete the offers whose condition is one of the app's, then the app's conditions and
    benefits no offer uses (a shop's offer built on one of them keeps it)."""
    offer = apps.get_model("offer", "ConditionalOffer")
    offer.objects.filter(condition__proxy_class__in=CONDITIONS).delete()
    apps.get_model("offer", "Condition").objects.filter(
        proxy_class__in=CONDITIONS, offers__isnull=True
    ).delete()
    apps.get_model("offer", "Benefit").objects.filter(
        proxy_class__in=BENEFITS, offers__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("upsell_oscar", "0002_site_offers"),
        ("offer", "0013_range_excluded_categories"),
    ]

    operations = [migrations.RunPython(remove_offers, migrations.RunPython.noop)]
