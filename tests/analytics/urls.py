"""The demo's URLs plus the analytics events endpoint, as ``upsell_app.api.urls`` will list it."""

from django.urls import path

from shop_demo.urls import urlpatterns as demo_urlpatterns
from upsell_app.analytics.api import EventView

urlpatterns = [
    path("upsell/api/events/", EventView.as_view(), name="upsell-test-events"),
    *demo_urlpatterns,
]
