"""``POST /upsell/api/events/``: events only the browser sees (a click on the pop-up).

Only ``click`` is accepted from the client: declines, accepts and impressions are recorded by the
server where they happen, so a script cannot fake them (nor push an offer into the guard's pause).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..api.csrf import CsrfEnforcedMixin
from ..api.throttles import UpsellRateThrottle
from ..models import EventType, Trigger
from .recording import record_event
from .shoppers import variant_for

CLIENT_EVENTS = (EventType.CLICK,)


class EventSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[(t.value, t.label) for t in CLIENT_EVENTS])
    offer_id = serializers.IntegerField(min_value=1)
    trigger = serializers.ChoiceField(choices=Trigger.choices, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                {"detail": _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}}
            )
        return attrs


class EventView(CsrfEnforcedMixin, APIView):
    """Record a click on an offer the shopper was shown. Answers 202: it is written later."""

    permission_classes = (AllowAny,)
    throttle_classes = (UpsellRateThrottle,)
    throttle_scope = "upsell_actions"

    @extend_schema(
        operation_id="upsell_event_create",
        summary="Record a click on a shown offer",
        request=EventSerializer,
        responses={
            202: inline_serializer("EventRecorded", {"recorded": serializers.BooleanField()}),
            400: inline_serializer("EventError", {"detail": serializers.CharField()}),
            404: inline_serializer("EventNotFound", {"detail": serializers.CharField()}),
        },
    )
    def post(self, request: Request) -> Response:
        from ..offer_index import get_offer_index

        serializer = EventSerializer(data=request.data)
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
