"""Prices and ratings now live in products.offers (copied there by
offers.0002); links gain the identifiers data sources match on."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('products', '0004_add_import_prices_permission'),
        # The data migration that copies prices and ratings into offers first.
        ('offers', '0002_move_prices_and_ratings_in'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='affiliatelink',
            name='currency',
        ),
        migrations.RemoveField(
            model_name='affiliatelink',
            name='price',
        ),
        migrations.RemoveField(
            model_name='affiliatelink',
            name='price_checked_at',
        ),
        migrations.RemoveField(
            model_name='product',
            name='external_rating',
        ),
        migrations.RemoveField(
            model_name='product',
            name='external_rating_checked_at',
        ),
        migrations.RemoveField(
            model_name='product',
            name='external_rating_count',
        ),
        migrations.RemoveField(
            model_name='product',
            name='external_rating_source',
        ),
        migrations.AddField(
            model_name='affiliatelink',
            name='asin',
            field=models.CharField(blank=True, max_length=10, validators=[django.core.validators.RegexValidator('^[A-Z0-9]{10}$', 'Zehn Zeichen, A–Z und 0–9.')], verbose_name='ASIN (Amazon)'),
        ),
        migrations.AddField(
            model_name='affiliatelink',
            name='gtin',
            field=models.CharField(blank=True, max_length=14, validators=[django.core.validators.RegexValidator('^[0-9]{8,14}$', '8 bis 14 Ziffern.')], verbose_name='GTIN/EAN'),
        ),
        migrations.AddField(
            model_name='affiliatelink',
            name='merchant_product_id',
            field=models.CharField(blank=True, help_text='Wie sie im Produktfeed des Händlers steht (Google: g:id, Awin: merchant_product_id). Preise und Verfügbarkeit kommen dann aus dem Feed.', max_length=100, verbose_name='Artikelnummer des Händlers'),
        ),
        migrations.AddField(
            model_name='product',
            name='show_price_comparison',
            field=models.BooleanField(default=False, help_text='Zeigt auf der Produktseite alle aktuellen Angebote nach Preis sortiert (Shop, Preis, Stand, Versand) statt nur der Shops.', verbose_name='Preisvergleich auf der Produktseite'),
        ),
    ]
