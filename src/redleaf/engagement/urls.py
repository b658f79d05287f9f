from django.urls import path

from redleaf.engagement import views

app_name = "engagement"
urlpatterns = [
    path("notes/<int:note_id>/like", views.like, name="like"),
    path("notes/<int:note_id>/unlike", views.unlike, name="unlike"),
    path("notes/<int:note_id>/collect", views.collect, name="collect"),
    path("notes/<int:note_id>/uncollect", views.uncollect, name="uncollect"),
    path("notes/<int:note_id>/comments", views.comments, name="comments"),  # GET a page, POST a new one
    path("comments/<int:comment_id>/replies", views.replies, name="replies"),
    path("comments/<int:comment_id>/like", views.comment_like, name="comment_like"),
    path("comments/<int:comment_id>/unlike", views.comment_unlike, name="comment_unlike"),
    path("comments/<int:comment_id>/pin", views.comment_pin, name="comment_pin"),
    path("comments/<int:comment_id>/unpin", views.comment_unpin, name="comment_unpin"),
    path("comments/<int:comment_id>/delete", views.comment_delete, name="comment_delete"),
    path("boards/new", views.board_create, name="board_create"),
    path("boards/<int:board_id>", views.board, name="board"),
    path("boards/<int:board_id>/edit", views.board_edit, name="board_edit"),
    path("boards/<int:board_id>/delete", views.board_delete, name="board_delete"),
]
