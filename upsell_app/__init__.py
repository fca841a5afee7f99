"""django-upsell: well-timed upsell, cross-sell, bundle, subscription and downsell offers."""

__version__ = "0.1.0"
