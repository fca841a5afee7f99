from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.shelf, name="shelf"),
    path("add/<str:sku>/", views.add, name="add"),
    path("cart/", views.cart, name="cart"),
    path("cart/remove/<int:row_id>/", views.remove, name="remove"),
    path("checkout/", views.checkout, name="checkout"),
    path("receipt/<str:number>/", views.receipt, name="receipt"),
    path("admin/", admin.site.urls),
    # django-upsell: the pop-up's API
    path("upsell/", include("upsell_app.urls")),
]
