from django.urls import path

from redleaf.discovery import views

app_name = "discovery"
urlpatterns = [
    path("discover/welcome", views.welcome, name="welcome"),
    path("discover/how", views.how, name="how"),
    path("discover/marks", views.mark, name="mark"),
    path("discover/marks/<str:mark_id>/undo", views.undo, name="undo"),
    path("discover/personalisation", views.personalisation, name="personalisation"),
    path("discover/views/<str:note_id>", views.view_beacon, name="view"),
    path("settings/explore", views.settings_view, name="settings"),
]
