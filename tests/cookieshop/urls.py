from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.shelf, name="shelf"),
    path("cart/", views.cart_page, name="cart"),
    path("checkout/", views.checkout_page, name="checkout"),
    path("orders/<str:number>/", views.order_page, name="order"),
    path("api/products/", views.products_api),
    path("api/cart/", views.cart_api),
    path("api/cart/add/", views.add_api),
    path("api/cart/remove/", views.remove_api),
    path("api/checkout/start/", views.checkout_start_api),
    path("api/checkout/", views.place_api),
    path("api/orders/<str:number>/", views.order_api),
    # django-upsell: the pop-up's API
    path("upsell/", include("upsell_app.urls")),
]
