"""The API's URLs, included by ``upsell_app.urls`` under the ``upsell`` namespace."""

from django.urls import path

from ..analytics.api import EventView
from . import views
from .docs import RedocDocsView, SchemaView, SwaggerDocsView

urlpatterns = [
    path("offers/", views.OfferListView.as_view(), name="offer-list"),
    path("offers/<int:offer_id>/accept/", views.OfferAcceptView.as_view(), name="offer-accept"),
    path("offers/<int:offer_id>/decline/", views.OfferDeclineView.as_view(), name="offer-decline"),
    path("offers/<int:offer_id>/dismiss/", views.OfferDismissView.as_view(), name="offer-dismiss"),
    path("events/", EventView.as_view(), name="event-create"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SwaggerDocsView.as_view(), name="docs"),
    path("redoc/", RedocDocsView.as_view(), name="redoc"),
]
