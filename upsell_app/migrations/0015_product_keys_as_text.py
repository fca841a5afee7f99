"""Product keys stored as text, so shops keyed by a string code or a UUID fit the app's tables.

Existing integer keys are kept: PostgreSQL casts each column in place and SQLite copies the rows,
turning 42 into "42", which reads back as 42 in an integer-keyed shop. Shops keyed by text or
UUIDs give each product sold a dense integer for the association matrices (ProductKeyIndex).
"""

import django.core.serializers.json
import upsell_app.models.product_keys
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('upsell_app', '0014_variant_texts_per_language'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProductKeyIndex',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('product_key', upsell_app.models.product_keys.ProductKeyField(max_length=64, unique=True, verbose_name='product key')),
            ],
            options={
                'verbose_name': 'product key index',
                'verbose_name_plural': 'product key indexes',
            },
        ),
        migrations.AlterField(
            model_name='attribution',
            name='product_id',
            field=upsell_app.models.product_keys.ProductKeyField(max_length=64, verbose_name='product id'),
        ),
        migrations.AlterField(
            model_name='cartadjustment',
            name='product_id',
            field=upsell_app.models.product_keys.ProductKeyField(blank=True, max_length=64, null=True, verbose_name='product id'),
        ),
        migrations.AlterField(
            model_name='offeracceptance',
            name='product_id',
            field=upsell_app.models.product_keys.ProductKeyField(help_text='The product the shopper picked.', max_length=64, verbose_name='product id'),
        ),
        migrations.AlterField(
            model_name='offeracceptance',
            name='source_product_id',
            field=upsell_app.models.product_keys.ProductKeyField(blank=True, max_length=64, null=True, verbose_name='source product id'),
        ),
        migrations.AlterField(
            model_name='purchaseline',
            name='product_id',
            field=upsell_app.models.product_keys.ProductKeyField(db_index=True, max_length=64, verbose_name='product id'),
        ),
        migrations.AlterField(
            model_name='offeracceptance',
            name='response',
            field=models.JSONField(default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder, help_text='What the first request answered.', verbose_name='first answer'),
        ),
    ]
