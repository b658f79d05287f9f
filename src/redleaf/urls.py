from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from redleaf.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("bench/ping", core_views.ping, name="ping"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("redleaf.api.urls")),
    path("", include("redleaf.web.urls")),
    path("", include("redleaf.moderation.urls")),
    path("", include("redleaf.discovery.urls")),
    path("", include("redleaf.accounts.urls")),
    path("", include("redleaf.notes.urls")),
    path("", include("redleaf.engagement.urls")),
    path("", include("redleaf.search.urls")),
    path("", include("redleaf.language.urls")),
]

if settings.SERVE_MEDIA:
    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
