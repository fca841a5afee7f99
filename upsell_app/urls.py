from django.urls import include, path

from .followup.views import mail_offer, unsubscribe

app_name = "upsell"
urlpatterns = [
    path("api/", include("upsell_app.api.urls")),
    path("mail/unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
    path("mail/offer/<str:token>/", mail_offer, name="mail-offer"),
]
