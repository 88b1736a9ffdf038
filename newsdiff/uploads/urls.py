from django.urls import path

from newsdiff.uploads import views

app_name = "uploads"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("files/", views.upload_files, name="files"),
    path("paste/", views.upload_paste, name="paste"),
    path("batches/<int:batch_id>/", views.batch, name="batch"),
    path("items/<int:item_id>/retry/", views.item_retry, name="retry"),
    path("items/<int:item_id>/delete/", views.item_delete, name="delete"),
    path("items/<int:item_id>/fix/", views.item_fix, name="fix"),
    path("items/<int:item_id>/replace/", views.item_replace, name="replace"),
]
