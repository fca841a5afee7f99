"""The API's URLs, included by ``upsell_app.urls`` under the ``upsell`` namespace."""

from django.urls import path, re_path, register_converter

from ..analytics.api import EventView
from . import views
from .docs import RedocDocsView, SchemaView, SwaggerDocsView
from .errors import ObjectIdConverter, not_found

register_converter(ObjectIdConverter, "upsellid")

urlpatterns = [
    path("offers/", views.OfferListView.as_view(), name="offer-list"),
    path(
        "offers/<upsellid:offer_id>/accept/", views.OfferAcceptView.as_view(), name="offer-accept"
    ),
    path(
        "offers/<upsellid:offer_id>/decline/",
        views.OfferDeclineView.as_view(),
        name="offer-decline",
    ),
    path(
        "offers/<upsellid:offer_id>/dismiss/",
        views.OfferDismissView.as_view(),
        name="offer-dismiss",
    ),
    path(
        "acceptances/<upsellid:acceptance_id>/undo/",
        views.AcceptanceUndoView.as_view(),
        name="acceptance-undo",
    ),
    path("events/", EventView.as_view(), name="event-create"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SwaggerDocsView.as_view(), name="docs"),
    path("redoc/", RedocDocsView.as_view(), name="redoc"),
    # Last: anything else under the API is a JSON 404 (a non-numeric id, a mistyped path), a
    # line break in it included ("." stops at one and would leave the shop's HTML 404).
    re_path(r"^(?P<path>[\s\S]*)$", not_found, name="not-found"),
]
