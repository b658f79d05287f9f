"""Post-to-published latency for a trusted member, with the real task worker: each note is posted
through the same service the site uses (checks in the worker), and timed from the moment its write
commits until the worker has published it. The bench member and its notes (audience "only me") are
deleted afterwards."""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

SAMPLE_TEXTS = [
    "周末做了红烧肉，肥而不腻，配方在图里 #家常菜",
    "Sunday hike to the lighthouse, the fog lifted right at the top. #travel",
    "这只猫每天早上准时叫我起床 😺 #猫咪",
    "Budget tip: batch-cook rice and freeze it in portions. Saves me an hour a week.",
    "考研第 120 天，今天终于把线代刷完了 #学习打卡",
]


def _picture(i: int) -> SimpleUploadedFile:
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1080, 1350), (40 + i * 7 % 200, 120, 160))
    draw = ImageDraw.Draw(img)
    for k in range(12):
        draw.ellipse((k * 80, k * 90, k * 80 + 300, k * 90 + 260), fill=((k * 40 + i) % 255, 200 - k * 10, 90))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return SimpleUploadedFile(f"bench{i}.jpg", buf.getvalue(), content_type="image/jpeg")


def bench_post_to_published(count: int = 30, log=None, timeout: float = 30.0) -> dict:
    from redleaf.accounts.models import User
    from redleaf.core.bench import processes
    from redleaf.notes import services as note_services
    from redleaf.notes.models import Note, NoteState

    if settings.MODERATION_SCREEN_IN != "worker":
        raise RuntimeError("REDLEAF_MODERATION_SCREEN_IN is not 'worker': notes are checked in the request.")
    log = log or (lambda message: None)
    username = f"bench_{int(time.time())}"
    member = User.objects.create_user(username=username, password=None, display_name="bench",
                                      languages=["zh", "en"])
    # Trusted: old enough and with enough released items (the count the trust rule reads).
    User.objects.filter(pk=member.pk).update(date_joined=timezone.now() - timedelta(days=365),
                                             notes_count=settings.TRUST_MIN_RELEASED)
    member.refresh_from_db()
    worker = processes.start(processes.worker_command(), env=processes.child_env(), quiet=True)
    waits: list[float] = []
    try:
        # The worker's start-up (imports, resume, loading the models) is not part of a post's latency:
        # one note, not counted, waits for it.
        for i in range(-1, count):
            note = note_services.note_create(author=member, title=f"bench {i}", body=SAMPLE_TEXTS[i % 5],
                                             audience="only_me", images=[_picture(i)])
            posted = time.perf_counter()
            while True:
                state = Note.objects.filter(pk=note.pk).values_list("state", flat=True).first()
                if state != NoteState.PENDING:
                    break
                if time.perf_counter() - posted > timeout:
                    raise RuntimeError(f"The worker did not check a note within {timeout:.0f} s.")
                time.sleep(0.005)
            if state != NoteState.PUBLISHED:
                raise RuntimeError(f"A bench note ended {state}, not published: the checks flagged it.")
            if i < 0:
                log(f"worker ready ({(time.perf_counter() - posted) * 1000:.0f} ms for the first note)")
                continue
            waits.append(time.perf_counter() - posted)
            log(f"note {i + 1}/{count}: {waits[-1] * 1000:.0f} ms")
    finally:
        processes.stop([worker])
        for note in Note.objects.filter(author=member):
            note_services.note_delete(note=note, actor=member)
        member.delete()
    waits.sort()
    return {
        "notes": count,
        "median_ms": round(statistics.median(waits) * 1000, 1),
        "p99_ms": round(waits[min(len(waits) - 1, int(len(waits) * 0.99))] * 1000, 1),
        "max_ms": round(waits[-1] * 1000, 1),
        "worker_poll_interval_s": 0.1,
    }
