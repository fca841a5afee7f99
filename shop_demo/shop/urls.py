from django.urls import path

from . import views

app_name = "shop"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("c/<slug:category_slug>/", views.catalogue, name="category"),
    path("p/<slug:slug>/", views.product_detail, name="product"),
    path("p/<slug:slug>/add/", views.add_to_cart, name="add"),
    path("cart/", views.cart, name="cart"),
    path("cart/update/", views.cart_update, name="cart_update"),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/<str:number>/", views.order_confirmation, name="order"),
]
