from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("trips/<int:pk>/apply/", views.apply, name="apply"),
    path("trips/<int:pk>/apply/start/", views.apply_start, name="apply-start"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("trips/<int:pk>/invite/", views.invite, name="invite"),
    path("invitations/<int:pk>/decline/", views.invitation_decline, name="invitation-decline"),
    path("invitations/setting/", views.invitations_setting, name="invitations-setting"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/checklist/", views.checklist, name="checklist"),
    path("<int:pk>/review/", views.review, name="review"),
    path("trips/<int:pk>/inbox/", views.inbox, name="inbox"),
    path("trips/<int:pk>/report/", views.report, name="report"),
]
