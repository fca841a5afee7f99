"""The two site offers that carry the app's agreed prices and set discounts into oscar's totals."""

from django.db import migrations


def create_offers(apps, schema_editor):
    from upsell_app.contrib.oscar.offers import ensure_offers

    ensure_offers(
        apps.get_model("offer", "ConditionalOffer"),
        apps.get_model("offer", "Condition"),
        apps.get_model("offer", "Benefit"),
    )


def remove_offers(apps, schema_editor):
    from upsell_app.contrib.oscar.offers import OFFERS

    conditions = [spec["condition"] for spec in OFFERS]
    benefits = [spec["benefit"] for spec in OFFERS]
    apps.get_model("offer", "ConditionalOffer").objects.filter(
        condition__proxy_class__in=conditions
    ).delete()
    apps.get_model("offer", "Condition").objects.filter(proxy_class__in=conditions).delete()
    apps.get_model("offer", "Benefit").objects.filter(proxy_class__in=benefits).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("upsell_oscar", "0001_proxy_conditions_benefits"),
        ("offer", "0013_range_excluded_categories"),
    ]

    operations = [migrations.RunPython(create_offers, remove_offers)]
