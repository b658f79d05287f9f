from django.urls import path

from redleaf.notes import views

app_name = "notes"
urlpatterns = [
    path("notes/new", views.compose, name="compose"),
    path("notes/<int:note_id>", views.detail, name="detail"),
    path("notes/<int:note_id>/edit", views.edit, name="edit"),
    path("notes/<int:note_id>/delete", views.delete, name="delete"),
    path("notes/<int:note_id>/publish", views.publish, name="publish"),
]
