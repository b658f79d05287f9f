from django.urls import path

from redleaf.api.api import api

urlpatterns = [path("", api.urls)]
