"""The demo shop's URLs plus a bare DRF view: the floor the offers endpoint is compared with."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from shop_demo.urls import urlpatterns as shop_urlpatterns


class BareView(APIView):
    """Same framework, same middleware, no work: what a DRF request costs at the least."""

    def get(self, request):
        return Response({"offer": None})


urlpatterns = [path("bench/bare/", BareView.as_view()), *shop_urlpatterns]
