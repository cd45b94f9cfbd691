from django.urls import path

import articles.converters  # noqa: F401 (registers <segment:>)

from . import views

app_name = "live"

urlpatterns = [
    path("live/<segment:ref>/updates", views.updates_since, name="updates"),
]
