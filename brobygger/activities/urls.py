from django.urls import path

from brobygger.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.index, name="index"),
]
