from django.urls import path

from redleaf.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login", views.login_view, name="login"),
    path("signup", views.signup_view, name="signup"),
    path("logout", views.logout_view, name="logout"),
    path("settings", views.settings_view, name="settings"),
    path("language", views.language, name="language"),
    path("u/<str:username>", views.profile, name="profile"),
    path("u/<str:username>/boards", views.profile, {"tab": "boards"}, name="profile_boards"),
    path("u/<str:username>/likes", views.profile, {"tab": "likes"}, name="profile_likes"),
    path("u/<str:username>/follow", views.follow, name="follow"),
    path("u/<str:username>/unfollow", views.unfollow, name="unfollow"),
    path("u/<str:username>/block", views.block, name="block"),
    path("u/<str:username>/unblock", views.unblock, name="unblock"),
    path("u/<str:username>/mute", views.mute, name="mute"),
    path("u/<str:username>/unmute", views.unmute, name="unmute"),
]
