from django.contrib import admin
from django.urls import include, path

from newsdiff.framing.urls import api_urlpatterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("newsdiff.accounts.urls")),
    path("upload/", include("newsdiff.uploads.urls")),
    path("framing/", include("newsdiff.framing.urls")),
    path("api/", include(api_urlpatterns)),
    path("", include("newsdiff.web.urls")),
]
