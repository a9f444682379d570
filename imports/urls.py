from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_home, name="home"),
    path("<slug:kind>/template.<str:file_format>", views.template_download, name="template"),
    path("<slug:kind>/upload/", views.upload, name="upload"),
    path("batch/<uuid:public_id>/", views.preview, name="preview"),
    path("batch/<uuid:public_id>/confirm/", views.confirm, name="confirm"),
]
