from django.urls import path

from redleaf.moderation import views, views_console

app_name = "moderation"

urlpatterns = [
    # members and the public (views.py)
    path("guidelines", views.guidelines, name="guidelines"),
    path("transparency", views.transparency, name="transparency"),
    path("report/<str:kind>/<str:object_id>", views.report, name="report"),
    path("settings/decisions", views.statements, name="statements"),
    path("settings/decisions/<int:statement_id>", views.statement, name="statement"),
    path("settings/reports", views.my_reports, name="my_reports"),
    # moderators (views_console.py)
    path("review", views_console.queue, name="queue"),
    path("review/next", views_console.next_case, name="next"),
    path("review/cases/<int:case_id>", views_console.case, name="case"),
    path("review/cases/<int:case_id>/claim", views_console.claim, name="claim"),
    path("review/cases/<int:case_id>/decide", views_console.decide, name="decide"),
    path("review/cases/<int:case_id>/unclaim", views_console.unclaim, name="unclaim"),
    path("review/audit", views_console.audit, name="audit"),
    path("review/languages", views_console.languages, name="languages"),
]
