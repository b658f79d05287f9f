from django.urls import path

from redleaf.accounts import views as account_views
from redleaf.web import views

app_name = "web"
urlpatterns = [
    path("", views.explore, name="explore"),
    path("following", views.following, name="following"),
    path("topics/<path:name>", views.topic, name="topic"),  # topic names may hold a "/"
    # settings.LOGIN_URL names "web:login"; the page itself lives in accounts (same path, same view).
    path("login", account_views.login_view, name="login"),
]
