from django.urls import path

from . import views

app_name = "distribution"

urlpatterns = [
    path("<str:key>.txt", views.indexnow_key, name="indexnow-key"),
]
