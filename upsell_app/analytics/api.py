"""``POST /upsell/api/events/``: events only the browser sees (a click on the pop-up).

Only ``click`` is accepted from the client: declines, accepts and impressions are recorded by the
server where they happen, so a script cannot fake them (nor push an offer into the guard's pause).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ..api.errors import MAX_ID
from ..api.serializers import ErrorSerializer
from ..api.views import CSRF_HEADER, CSRF_REFUSED, NOT_JSON, THROTTLED, UpsellAPIView
from ..models import EventType, Trigger
from ..serving.shoppers import variant_for
from .recording import record_event

CLIENT_EVENTS = (EventType.CLICK,)


class EventSerializer(serializers.Serializer):
    refuses_unknown_fields = True

    type = serializers.ChoiceField(choices=[(t.value, t.label) for t in CLIENT_EVENTS])
    offer_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    trigger = serializers.ChoiceField(choices=Trigger.choices, required=False, allow_blank=True)


class EventView(UpsellAPIView):
    """Record a click on an offer the shopper was shown. Answers 202: it is written later.

    Session shoppers, JSON only, the actions' throttle, errors with ``detail`` and ``code``: the
    same rules as accept and decline.
    """

    @extend_schema(
        operation_id="upsell_event_create",
        summary="Record a click on a shown offer",
        parameters=[CSRF_HEADER],
        request=EventSerializer,
        responses={
            202: inline_serializer("EventRecorded", {"recorded": serializers.BooleanField()}),
            400: OpenApiResponse(
                ErrorSerializer, description="Not a click, unknown field, unreadable JSON."
            ),
            403: CSRF_REFUSED,
            404: OpenApiResponse(ErrorSerializer, description="No such offer."),
            415: NOT_JSON,
            429: THROTTLED,
        },
        tags=["events"],
    )
    def post(self, request: Request) -> Response:
        from ..serving.offer_index import get_offer_index

        body = request.data
        known = EventSerializer().fields
        unknown = sorted(set(body) - set(known)) if isinstance(body, dict) else []
        if unknown:
            return Response(
                {
                    "detail": _("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)},
                    "code": "unknown_field",
                    "fields": unknown,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        serializer = EventSerializer(data=body)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["offer_id"] not in get_offer_index().rules:
            return Response(
                {"detail": _("This offer is not available."), "code": "not_found"},
                status=status.HTTP_404_NOT_FOUND,
            )
        record_event(
            data["type"],
            data["offer_id"],
            request=request._request,
            variant_id=variant_for(request, data["offer_id"]),
            trigger=data.get("trigger", ""),
        )
        return Response({"recorded": True}, status=status.HTTP_202_ACCEPTED)
