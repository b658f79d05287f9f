from django.urls import path

from redleaf.web import views

app_name = "web"
urlpatterns = [
    path("", views.explore, name="explore"),
]

