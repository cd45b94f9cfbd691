from django.urls import path

from . import views

app_name = "live"

urlpatterns = [
    path("live/<str:ref>/updates", views.updates_since, name="updates"),
]
