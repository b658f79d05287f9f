from django.urls import path

from redleaf.web import views

app_name = "web"
urlpatterns = [
    path("", views.explore, name="explore"),
    path("following", views.following, name="following"),
    path("topics/<path:name>", views.topic, name="topic"),  # topic names may hold a "/"
]
