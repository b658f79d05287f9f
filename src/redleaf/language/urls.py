from django.urls import path

from redleaf.language import views

app_name = "language"
urlpatterns = [
    path("translate/<str:kind>/<int:item_id>", views.translate, name="translate"),
    path("notes/<int:note_id>/pinyin", views.pinyin, name="pinyin"),
    path("reading/word", views.word, name="word"),
    path("settings/reading", views.reading_settings, name="settings"),
]
