from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("newsdiff.accounts.urls")),
    path("upload/", include("newsdiff.uploads.urls")),
    path("framing/", include("newsdiff.web.framing_urls")),
    path("", include("newsdiff.web.urls")),
]
