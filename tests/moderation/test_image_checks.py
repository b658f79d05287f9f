"""The picture checks on real pixels and the real nudenet model (no mocks, no network): innocent
pictures pass, a re-upload of a blocked picture is caught, a broken file becomes an "error" signal.

The nudity positive path: no explicit material is shipped or drawn. `_schematic` draws three blurred
ellipses (a torso and two discs with darker centres); the packaged detector itself reports it as
FEMALE_BREAST_EXPOSED at about 0.8, so check_image's whole path (decode, our session, detector
output, class -> rule -> score mapping) is exercised on a real detection run. The mapping's edges are
tested on detections with the detector's real output structure."""

from __future__ import annotations

import io
import os
import socket
import threading

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from redleaf.moderation.checks import images
from redleaf.moderation.checks.images import HashBlocklist, check_image, image_hash, sample_photo

FLAG = 0.5


def _webp(img: Image.Image, quality: int = 82) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "WEBP", quality=quality)
    return buffer.getvalue()


def _jpeg(img: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def _gradient(size, top, bottom, noise=4.0, seed=0) -> Image.Image:
    width, height = size
    t = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    pixels = np.array(top, np.float32) * (1 - t) + np.array(bottom, np.float32) * t
    pixels = np.broadcast_to(pixels, (height, width, 3)) + np.random.default_rng(seed).normal(0, noise, (height, width, 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _food(seed: int) -> Image.Image:
    """Tomato, egg-yolk, greens and bread-coloured blobs on a white plate on a wooden table."""
    rng = np.random.default_rng(seed)
    img = _gradient((1080, 1080), (150, 100, 60), (120, 80, 45), seed=seed)
    draw = ImageDraw.Draw(img)
    draw.ellipse([90, 90, 990, 990], fill=(245, 245, 240))
    for _ in range(12):
        colour = [(210, 40, 30), (250, 200, 40), (60, 150, 50), (200, 150, 90), (120, 60, 30)][int(rng.integers(0, 5))]
        x, y, r = rng.uniform(250, 830), rng.uniform(250, 830), rng.uniform(40, 140)
        draw.ellipse([x - r, y - r * 0.8, x + r, y + r * 0.8], fill=colour)
    return img.filter(ImageFilter.GaussianBlur(2))


INNOCENT = {
    "sunset landscape": lambda: _gradient((1440, 1080), (250, 140, 60), (40, 60, 120)),
    "sea and sky": lambda: _gradient((1440, 1080), (120, 180, 240), (20, 70, 110), seed=1),
    "green hills": lambda: _gradient((1080, 1350), (180, 220, 250), (50, 120, 40), seed=2),
    "food blobs 1": lambda: _food(1),
    "food blobs 2": lambda: _food(2),
    "flat skin tone": lambda: Image.new("RGB", (1080, 1080), (224, 172, 140)),
    "flat light skin tone": lambda: Image.new("RGB", (1080, 1350), (245, 215, 190)),
    "portrait beige gradient": lambda: _gradient((1080, 1440), (240, 220, 195), (200, 165, 130), seed=3),
    "drawn photo": lambda: sample_photo(3),
}


@pytest.mark.parametrize("name", sorted(INNOCENT))
def test_innocent_pictures_are_not_flagged(name):
    signals = check_image(io.BytesIO(_webp(INNOCENT[name]())), blocklist=HashBlocklist())
    assert [s for s in signals if s.check == "error"] == []
    assert [s for s in signals if s.score >= FLAG] == []


def test_the_model_loads_from_the_package_without_the_network(monkeypatch):
    import nudenet

    def no_network(*args, **kwargs):
        raise AssertionError("the picture checks tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    model = images._Model()  # a fresh load, not the process's cached one
    assert os.path.dirname(model.path) == os.path.dirname(nudenet.__file__)
    assert model.path.endswith("320n.onnx")
    assert model.session.get_session_options().intra_op_num_threads == 1
    assert model.session.get_providers() == ["CPUExecutionProvider"]
    assert model.detect(Image.new("RGB", (500, 300), (30, 90, 200))) == []


def test_the_process_loads_the_model_once_even_from_many_threads():
    found = []
    threads = [threading.Thread(target=lambda: found.append(images.nudity_model())) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(found) == 6 and all(model is found[0] for model in found)


def _schematic() -> Image.Image:
    """Three blurred ellipses: a skin-toned oval with two lighter discs with darker centres."""
    img = Image.new("RGB", (800, 800), (90, 90, 110))
    draw = ImageDraw.Draw(img)
    draw.ellipse([150, 100, 650, 800], fill=(226, 180, 150))
    for cx in (300, 500):
        draw.ellipse([cx - 110, 330, cx + 110, 540], fill=(236, 190, 160))
        draw.ellipse([cx - 22, 418, cx + 22, 462], fill=(170, 100, 90))
    return img.filter(ImageFilter.GaussianBlur(6))


def test_a_detection_of_an_exposed_part_becomes_a_sexual_signal():
    signals = check_image(io.BytesIO(_webp(_schematic())))
    nudity = [s for s in signals if s.check == "nudity"]
    assert len(nudity) == 1  # one signal per class, its highest score
    signal = nudity[0]
    assert signal.rule == "sexual" and FLAG <= signal.score < 0.95
    name, value = signal.detail.split()
    assert name == "FEMALE_BREAST_EXPOSED" and 0.6 < float(value) < 1
    assert signal.score == pytest.approx(images.nudity_score(name, float(value)), abs=0.01)


def test_our_session_finds_what_nudenets_own_detector_finds():
    from nudenet import NudeDetector

    img = images._open(_schematic())
    ours = images.nudity_model().detect(img)
    theirs = NudeDetector().detect(np.ascontiguousarray(np.asarray(img)[:, :, ::-1]))
    assert set(ours[0]) == {"class", "score", "box"}
    assert sorted(d["class"] for d in ours) == sorted(d["class"] for d in theirs)
    best = lambda found: max(d["score"] for d in found if d["class"] == "FEMALE_BREAST_EXPOSED")  # noqa: E731
    assert abs(best(ours) - best(theirs)) < 0.05


def test_only_exposed_intimate_parts_count_and_scores_map_through_floors():
    def found(name, score):  # the detector's own output structure
        return {"class": name, "score": score, "box": [10, 20, 100, 120]}

    never = ["FACE_FEMALE", "FACE_MALE", "FEET_EXPOSED", "BELLY_EXPOSED", "ARMPITS_EXPOSED", "MALE_BREAST_EXPOSED",
             "FEMALE_BREAST_COVERED", "BUTTOCKS_COVERED", "FEMALE_GENITALIA_COVERED", "ANUS_COVERED"]
    assert images.nudity_signals_from([found(name, 0.99) for name in never]) == []
    assert images.nudity_signals_from([found("FEMALE_BREAST_EXPOSED", 0.35)]) == []  # innocent-picture noise
    below = images.nudity_signals_from([found("BUTTOCKS_EXPOSED", 0.45)])
    assert len(below) == 1 and 0 < below[0].score < FLAG  # recorded for the moderator, flags nothing
    for name, (flag, clear) in images.NUDITY_FLOORS.items():
        assert images.nudity_score(name, flag) == pytest.approx(0.5)
        assert images.nudity_score(name, clear) == pytest.approx(0.9)
        assert images.nudity_score(name, 1.0) <= 1.0
    signals = images.nudity_signals_from([found("MALE_GENITALIA_EXPOSED", 0.6), found("MALE_GENITALIA_EXPOSED", 0.9),
                                          found("FACE_MALE", 0.95), found("BUTTOCKS_EXPOSED", 0.6)])
    assert [(s.rule, s.detail) for s in signals] == [("sexual", "MALE_GENITALIA_EXPOSED 0.90"),
                                                     ("sexual", "BUTTOCKS_EXPOSED 0.60")]
    assert signals[0].score == 1.0


def _caption(img: Image.Image, text: str = "@redleaf 小红书 2025") -> Image.Image:
    img = img.copy()
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=img.height // 28)
    draw.text((img.width // 20, img.height * 7 // 8), text, fill="white", font=font, stroke_width=2, stroke_fill="black")
    return img


def _reupload(img: Image.Image) -> bytes:
    """Cropped 4 % off the left and 3 % off the top, shrunk to 720 px, captioned, saved as JPEG 70."""
    w, h = img.size
    img = img.crop((w * 4 // 100, h * 3 // 100, w, h))
    img = img.resize((720, round(720 * img.height / img.width)), Image.Resampling.LANCZOS)
    return _jpeg(_caption(img), 70)


def test_a_reupload_of_a_blocked_picture_is_caught():
    blocked = sample_photo(11)
    blocklist = HashBlocklist([(image_hash(_webp(sample_photo(12))), "hate"),
                               (image_hash(_webp(blocked)), "sexual")])
    signals = [s for s in check_image(io.BytesIO(_reupload(blocked)), blocklist=blocklist) if s.check == "image_hash"]
    assert len(signals) == 1
    assert signals[0].rule == "sexual" and signals[0].score >= FLAG
    assert signals[0].detail.startswith("distance ")
    # merely re-encoded and resized: a near-exact match
    same = blocked.resize((540, round(540 * blocked.height / blocked.width)))
    rule, distance = blocklist.match(image_hash(_webp(same, quality=50)))
    assert rule == "sexual" and distance <= images.EXACT_DISTANCE
    assert images.hash_score(distance) == 1.0


@pytest.mark.parametrize("seed", [20, 21, 22, 23])
def test_each_kind_of_change_still_matches(seed):
    original = sample_photo(seed)
    blocklist = HashBlocklist([(image_hash(_webp(original)), "sexual")])
    w, h = original.size
    copies = {
        "webp 40": _webp(original, quality=40),
        "jpeg 60 at 540 px": _jpeg(original.resize((540, round(540 * h / w))), 60),
        "5 % off the right": _webp(original.crop((0, 0, w * 95 // 100, h))),
        "5 % off the bottom": _jpeg(original.crop((0, 0, w, h * 95 // 100)), 85),
        "2.5 % off each side": _webp(original.crop((w // 40, h // 40, w - w // 40, h - h // 40))),
        "caption": _jpeg(_caption(original), 90),
    }
    missed = {name: blocklist.match(image_hash(data)) for name, data in copies.items()}
    assert all(found is not None and found[0] == "sexual" for found in missed.values()), missed


def test_different_photos_do_not_match():
    def small(seed):  # drawn at 540 px: the hash does not depend on the size, and it is quicker
        return _webp(sample_photo(seed, size=[(540, 720), (720, 540)][seed % 2]))

    blocklist = HashBlocklist([(image_hash(small(seed)), "sexual") for seed in range(100, 110)])
    others = [small(seed) for seed in range(200, 220)]
    matches = [blocklist.match(image_hash(data)) for data in others]
    assert matches == [None] * 20
    assert all(s.check != "image_hash" for data in others[:3] for s in check_image(io.BytesIO(data), blocklist=blocklist))


def test_hash_blocklist_takes_the_nearest_and_skips_bad_entries():
    a = image_hash(_webp(sample_photo(30)))
    assert len(a) == images.HASH_HEX_DIGITS and int(a, 16) >= 0
    flipped = f"{int(a, 16) ^ 0b111:048x}"  # 3 bits away
    blocklist = HashBlocklist([("not hex", "spam"), ("abc", "spam"), (None, "spam"), (flipped, "hate"), (a, "sexual")])
    assert len(blocklist) == 2
    assert blocklist.match(a) == ("sexual", 0)
    assert blocklist.match(flipped) == ("hate", 0)
    far = f"{int(a, 16) ^ ((1 << 192) - 1):048x}"  # every bit flipped
    assert blocklist.match(far) is None
    assert HashBlocklist().match(a) is None


def test_sources_a_path_bytes_a_file_and_a_pil_image_agree(tmp_path):
    data = _webp(sample_photo(31))
    path = tmp_path / "p.webp"
    path.write_bytes(data)
    with open(path, "rb") as handle:
        from_file = image_hash(handle)
    hashes = {image_hash(str(path)), image_hash(path), image_hash(data), from_file,
              image_hash(Image.open(io.BytesIO(data)))}
    assert len(hashes) == 1


def test_a_transparent_picture_is_checked():
    img = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    ImageDraw.Draw(img).ellipse([100, 100, 300, 300], fill=(40, 120, 200, 255))
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    assert [s for s in check_image(io.BytesIO(buffer.getvalue())) if s.check == "error"] == []


@pytest.mark.parametrize("source", [
    pytest.param(lambda tmp: io.BytesIO(_jpeg(sample_photo(40), 80)[:3000]), id="truncated jpeg"),
    pytest.param(lambda tmp: io.BytesIO(b"\x00not a picture at all" * 50), id="not a picture"),
    pytest.param(lambda tmp: io.BytesIO(b""), id="empty"),
    pytest.param(lambda tmp: str(tmp / "missing.webp"), id="missing file"),
])
def test_a_broken_file_is_an_error_signal_not_a_crash(source, tmp_path):
    blocklist = HashBlocklist([(image_hash(_webp(sample_photo(41))), "sexual")])
    signals = check_image(source(tmp_path), blocklist=blocklist)
    assert len(signals) == 1
    assert signals[0].check == "error" and signals[0].score == 1.0 and signals[0].detail.startswith("image: ")


def test_checks_from_many_threads_give_the_same_answers():
    pictures = [_webp(_schematic()), _webp(sample_photo(50)), _webp(_food(3))]
    expected = [check_image(io.BytesIO(p)) for p in pictures]
    results: dict[int, list] = {}

    def work(k):
        results[k] = check_image(io.BytesIO(pictures[k % 3]))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[k] for k in range(6)] == expected * 2
