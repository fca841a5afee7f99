from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.shelf, name="shelf"),
    path("add/<int:item_id>/", views.add_to_basket, name="add"),
    path("basket/", views.basket, name="basket"),
    path("basket/remove/<int:row_id>/", views.remove_row, name="remove"),
    path("checkout/", views.checkout, name="checkout"),
    path("receipt/<str:number>/", views.receipt, name="receipt"),
    # django-upsell: the pop-up's API
    path("upsell/", include("upsell_app.urls")),
]
