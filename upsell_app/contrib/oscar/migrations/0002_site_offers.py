"""Earlier versions created two oscar site offers here to carry the app's terms into the totals.

Agreed prices and set discounts now reach oscar's totals through the pricing strategy
(``upsell_app.contrib.oscar.strategy``), so a new install creates nothing; 0003 removes what
earlier versions created.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("upsell_oscar", "0001_proxy_conditions_benefits"),
        ("offer", "0013_range_excluded_categories"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
