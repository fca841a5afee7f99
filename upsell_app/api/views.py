"""The shopper-facing API: the offer for a moment, and accept / decline / dismiss.

``GET offers`` runs on every cart page, so it skips serializers and DRF's browsable renderer and
answers with the plain dict :mod:`upsell_app.serving.presentation` builds; a warm request runs no
SQL beyond the shop's cart read. Every POST needs a CSRF token, logged in or not (see :mod:`.csrf`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import APIException
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..accepting.acceptance import (
    AcceptanceError,
    AcceptRequest,
    Pick,
    accept_offer,
    decline_offer,
    dismiss_offer,
)
from ..accepting.undo import UndoError, undo_acceptance
from ..adapters import write_back
from ..conf import upsell_settings
from ..middleware import DROPPED_CONNECTION_ERRORS, mark_dropped_connection
from ..models.product_keys import ProductKey, key_kind, product_pk_field, to_key_or_none
from ..selection.types import Trigger
from ..serving.decision_service import offer_payload
from ..serving.decision_store import Quota
from ..serving.outages import CACHE_ERRORS, report
from ..serving.shopper_state import shopper_key
from ..serving.throttles import UpsellRateThrottle
from . import serializers as s
from .csrf import CsrfEnforcedMixin
from .errors import MAX_ID, error_body
from .schema import UpsellAutoSchema  # also registers the OpenAPI extensions

IDEMPOTENCY_HEADER = OpenApiParameter(
    name="Idempotency-Key",
    type={"type": "string", "minLength": 1, "maxLength": 64, "pattern": r"\S"},
    location=OpenApiParameter.HEADER,
    required=True,
    description="A fresh random key per click (at most 64 characters): a repeat with the same key "
    "returns the first answer and changes the cart once.",
)
CSRF_HEADER = OpenApiParameter(
    name="X-CSRFToken",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description="Django's CSRF token (required for every shopper, logged in or not).",
)
ACCEPTANCE_ID = OpenApiParameter(
    name="acceptance_id",
    type={"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID},
    location=OpenApiParameter.PATH,
    description="The acceptance's id, as the accept answer's Undo link gave it.",
)
OFFER_ID = OpenApiParameter(
    name="offer_id",
    type={"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID},
    location=OpenApiParameter.PATH,
    description="The offer's id, as the offers request gave it.",
)
THROTTLED = OpenApiResponse(
    s.ErrorSerializer,
    description="Too many requests from this shopper; the Retry-After header says when to retry.",
)
CSRF_REFUSED = OpenApiResponse(s.ErrorSerializer, description="Missing or bad CSRF token.")
NO_SUCH_OFFER = OpenApiResponse(s.ErrorSerializer, description="No such offer.")
NOT_JSON = OpenApiResponse(s.ErrorSerializer, description="The body is not application/json.")
UNREADABLE_BODY = OpenApiResponse(
    s.ErrorSerializer,
    description="A body that cannot be read (parse_error), e.g. multipart without a boundary.",
)


def _error(status: int, code: str, detail: str, **extra: Any) -> Response:
    return Response({"detail": detail, "code": code, **extra}, status=status)


class ShopperSessionAuthentication(SessionAuthentication):
    def enforce_csrf(self, request: Request) -> None:
        """Checked for every shopper by :class:`.csrf.CsrfEnforcedMixin`, logged in or not."""


class UpsellAPIView(CsrfEnforcedMixin, APIView):
    """Base of the shopper API: session shoppers, JSON only, polite throttling, coded errors."""

    authentication_classes = [ShopperSessionAuthentication]
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    throttle_classes = [UpsellRateThrottle]
    throttle_scope = "upsell_actions"
    # Documented even when the shop's REST_FRAMEWORK names another DEFAULT_SCHEMA_CLASS.
    schema = UpsellAutoSchema()

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DROPPED_CONNECTION_ERRORS):
            # The database connection dropped mid-request: the accept's transaction rolled back,
            # and the widget retries with the same Idempotency-Key. A read is run once more at
            # once by RetryReadOnDroppedConnectionMiddleware when the shop installed it.
            mark_dropped_connection(self.request._request, exc)
            response = _error(
                503,
                "temporarily_unavailable",
                _("This could not be completed just now. Please try again."),
            )
            response["Retry-After"] = "1"
            return response
        response = super().handle_exception(exc)
        if isinstance(exc, APIException):
            response.data = error_body(exc, response.data)
        return response


def parse_offer_query(params: Any) -> tuple[Trigger, ProductKey | None] | Response:
    """The moment and product of a ``GET offers``, or a 400 that says what is wrong."""
    # One value each: the schema's trigger is a string and product_id an integer, so a repeated
    # parameter (a list) is refused like any other wrong type, never read as its last value.
    for name, code in (("trigger", "invalid_trigger"), ("product_id", "invalid_product_id")):
        if len(params.getlist(name)) > 1:
            return _error(400, code, _("Send %(name)s only once.") % {"name": name})
    raw_trigger = params.get("trigger")
    trigger = Trigger._value2member_map_.get(raw_trigger) if raw_trigger else None
    if trigger is None:
        return _error(
            400,
            "invalid_trigger",
            _("Unknown trigger “%(trigger)s”; use one of: %(choices)s.")
            % {"trigger": raw_trigger or "", "choices": ", ".join(s.TRIGGER_CHOICES)},
        )
    raw_product = params.get("product_id")
    if raw_product is None:  # absent; an empty value is a mistake like any other
        return trigger, None  # type: ignore[return-value]
    product = parse_product_key(raw_product)
    if product is None:
        return _error(
            400,
            "invalid_product_id",
            _("product_id must be a whole number, like 5, not “%(value)s”.")
            % {"value": raw_product}
            if key_kind(product_pk_field()) in (None, "integer")
            else _("product_id “%(value)s” is not a product key of this shop.")
            % {"value": raw_product},
        )
    return trigger, product  # type: ignore[return-value]


def parse_product_key(raw: str) -> ProductKey | None:
    """A query parameter's product key, or ``None`` when the shop's products cannot have it."""
    if key_kind(product_pk_field()) in (None, "integer"):
        # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_ID:
            return None
        return int(raw)
    return to_key_or_none(raw)


class OfferListView(UpsellAPIView):
    throttle_scope = "upsell_offers"
    # Counted inside the decision, once restraint lets a request through, in its one read and
    # its one write: a request held back (cool-down, cap, silence after "No thanks") costs one
    # cache read, like any page view.
    throttle_classes: list = []

    @extend_schema(
        operation_id="offers_for_moment",
        summary="The offer to show at this shop moment",
        description='Returns at most one offer, or `{"offer": null}` when restraint or relevance '
        "says nothing should be shown. A returned offer counts as one pop-up shown.",
        parameters=[s.OfferQuerySerializer],
        responses={
            200: s.OfferResponseSerializer,
            400: OpenApiResponse(
                s.ErrorSerializer, description="Unknown trigger or bad product_id."
            ),
            429: THROTTLED,
        },
        tags=["offers"],
    )
    def get(self, request: Request) -> Response:
        parsed = parse_offer_query(request._request.GET)
        if isinstance(parsed, Response):
            return parsed
        trigger, product_id = parsed
        try:
            payload = offer_payload(
                request._request, trigger, product_id, quota=self._quota(request)
            )
        except CACHE_ERRORS as exc:
            # Without restraint memory the app cannot know what this shopper was already shown
            # or declined: show nothing rather than push.
            report("offers", exc, 'the offers request answers "no offer"')
            payload = None
        response = Response({"offer": payload})
        response["Cache-Control"] = "private, no-store"  # personal, and it counts as shown
        return response

    def _quota(self, request: Request) -> Quota | None:
        # Counted per session: make sure there is one, as the decision would (a new shopper).
        shopper_key(request._request)
        return UpsellRateThrottle().quota(
            request, self, lambda wait: self.throttled(request, wait)
        )


class OfferAcceptView(UpsellAPIView):
    @extend_schema(
        operation_id="accept_offer",
        summary="Accept an offer: the shop changes the cart at server-computed prices",
        description="Send the chosen product, its cart line (upsell, downsell in the cart, "
        "subscription) and its signed quote; never a price. Refusals leave the cart unchanged.",
        parameters=[OFFER_ID, IDEMPOTENCY_HEADER, CSRF_HEADER],
        request=s.AcceptRequestSerializer,
        responses={
            200: s.AcceptResponseSerializer,
            400: OpenApiResponse(
                s.ErrorSerializer,
                description="Unknown field (e.g. a price), bad or tampered quote, "
                "missing Idempotency-Key, unreadable JSON, a subscription accepted without the "
                "terms_digest of the terms shown (terms_digest_required).",
            ),
            403: OpenApiResponse(
                s.ErrorSerializer,
                description="Missing or bad CSRF token (csrf_failed), or the quote was shown "
                "to another shopper (quote_not_yours).",
            ),
            404: NO_SUCH_OFFER,
            409: OpenApiResponse(
                s.ErrorSerializer,
                description="Price changed, quote expired, the moment was never recorded "
                "(moment_not_proven), the line holds another product now (line_changed), the "
                "price would be below the shop's minimum per unit (below_price_floor), or the "
                "offer no longer applies (inactive, declined, sold out, already in the cart).",
            ),
            415: NOT_JSON,
            429: THROTTLED,
        },
        tags=["offers"],
    )
    def post(self, request: Request, offer_id: int) -> Response:
        key = (request.headers.get("Idempotency-Key") or "").strip()
        if not key:
            return _error(
                400,
                "idempotency_key_required",
                _("Send an Idempotency-Key header with each accept."),
            )
        if len(key) > upsell_settings.IDEMPOTENCY_KEY_MAX_LENGTH:
            return _error(
                400,
                "idempotency_key_too_long",
                _("The Idempotency-Key header may have at most %(max)d characters.")
                % {"max": upsell_settings.IDEMPOTENCY_KEY_MAX_LENGTH},
            )
        serializer = s.AcceptRequestSerializer(data=request.data)
        if not serializer.is_valid():
            errors = serializer.errors
            if "unknown_fields" in errors:
                return _error(
                    400, "unknown_field", str(s.PRICE_REFUSAL), fields=errors["unknown_fields"]
                )
            return _error(400, "invalid", _("The accept request is not valid."), errors=errors)
        values = serializer.validated_data
        data = AcceptRequest(
            offer_id=offer_id,
            quote=values.get("quote") or "",
            idempotency_key=key,
            product_id=values.get("product_id"),
            line_id=values.get("line_id"),
            terms_digest=values.get("terms_digest") or "",
            picks=tuple(Pick(p["product_id"], p["quote"]) for p in values.get("picks") or ()),
        )
        try:
            body = accept_offer(request._request, data)
        except AcceptanceError as exc:
            return Response(exc.as_dict(), status=exc.status)
        # A cart kept in a cookie (or behind the shop's API) is written with the answer.
        return write_back(request._request, Response(body))


class OfferDeclineView(UpsellAPIView):
    @extend_schema(
        operation_id="decline_offer",
        summary="“No thanks”: never this offer again, and quiet for a while",
        description="For a logged-in customer the decline is remembered across sessions.",
        parameters=[OFFER_ID, CSRF_HEADER],
        request=None,
        responses={
            200: s.DeclineResponseSerializer,
            400: UNREADABLE_BODY,
            403: CSRF_REFUSED,
            404: NO_SUCH_OFFER,
            429: THROTTLED,
        },
        tags=["offers"],
    )
    def post(self, request: Request, offer_id: int) -> Response:
        try:
            decline_offer(request._request, offer_id)
        except AcceptanceError as exc:
            return Response(exc.as_dict(), status=exc.status)
        return Response({"declined": True})


class OfferDismissView(UpsellAPIView):
    @extend_schema(
        operation_id="dismiss_offer",
        summary="The pop-up was closed (Esc or ×): not this offer again in this session",
        description="Unlike “No thanks”, nothing is remembered beyond this session.",
        parameters=[OFFER_ID, CSRF_HEADER],
        request=None,
        responses={
            200: s.DismissResponseSerializer,
            400: UNREADABLE_BODY,
            403: CSRF_REFUSED,
            404: NO_SUCH_OFFER,
            429: THROTTLED,
        },
        tags=["offers"],
    )
    def post(self, request: Request, offer_id: int) -> Response:
        try:
            dismiss_offer(request._request, offer_id)
        except AcceptanceError as exc:
            return Response(exc.as_dict(), status=exc.status)
        return Response({"dismissed": True})


class AcceptanceUndoView(UpsellAPIView):
    @extend_schema(
        operation_id="undo_acceptance",
        summary="Undo an accepted offer: the cart is as it was before that accept",
        description="Reverses exactly what that accept changed, within UNDO_WINDOW_SECONDS of "
        "it. A repeat answers like the first Undo and changes nothing.",
        parameters=[ACCEPTANCE_ID, CSRF_HEADER],
        request=None,
        responses={
            200: s.UndoResponseSerializer,
            400: UNREADABLE_BODY,
            403: OpenApiResponse(s.ErrorSerializer, description="Missing or bad CSRF token."),
            404: OpenApiResponse(
                s.ErrorSerializer, description="No such acceptance for this shopper."
            ),
            409: OpenApiResponse(
                s.ErrorSerializer,
                description="Too late, the cart has changed since, this change has no Undo, "
                "or it is part of an order now (already_ordered).",
            ),
            429: THROTTLED,
        },
        tags=["offers"],
    )
    def post(self, request: Request, acceptance_id: int) -> Response:
        try:
            body = undo_acceptance(request._request, acceptance_id)
            return write_back(request._request, Response(body))
        except UndoError as exc:
            return Response(exc.as_dict(), status=exc.status)
