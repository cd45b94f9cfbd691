from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("palette.css", views.palette_css, name="palette-css"),
    path("news/<str:slug>/", views.article_detail, name="detail"),
]
