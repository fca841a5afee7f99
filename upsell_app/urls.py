from django.urls import include, path

app_name = "upsell"
urlpatterns = [
    path("api/", include("upsell_app.api.urls")),
]
