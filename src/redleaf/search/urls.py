from django.urls import path

from redleaf.search import views

app_name = "search"
urlpatterns = [
    path("search", views.search, name="search"),
    path("search/suggest", views.suggest, name="suggest"),
    path("search/hot", views.hot, name="hot"),
    path("search/hot/hidden", views.hot_hide, name="hot_hide"),
]
