from django.conf import settings


def site(request):
    return {"NOTE_TITLE_MAX": settings.NOTE_TITLE_MAX, "NOTE_BODY_MAX": settings.NOTE_BODY_MAX,
            "NOTE_IMAGES_MAX": settings.NOTE_IMAGES_MAX}
