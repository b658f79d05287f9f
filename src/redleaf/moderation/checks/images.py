"""The picture checks. Pure: a picture in, Signals out; nothing here touches the database.

Nudity (check "nudity", rule "sexual")
    nudenet's detector, run on the 320n.onnx model that ships inside the nudenet wheel (never
    downloaded). The ONNX session is built here, once per process, lazily and under a lock, with one
    intra-op thread so a worker process uses one core (NudeDetector's own session takes every core).
    Pre- and post-processing follow nudenet's (pad to a square at the bottom/right, 320 px, RGB / 255;
    candidates from 0.2, class-agnostic NMS at 0.25 / 0.45), vectorised.
    Only exposed genitals, anus, female breasts and buttocks count (NUDITY_FLOORS); covered parts,
    faces, feet, bellies, armpits and male chests never do. The detector reports innocent things (a
    beige wall, skin-toned food, a bare shoulder) at detector scores up to about 0.4, so its score is
    mapped through per-class floors: a Signal score of 0.5 ("a person should look") at the flag floor,
    0.9 ("clear violation") at the clear floor, linear between and beyond, capped at 1. Below the
    note floor (0.4) nothing is reported. Genitals and anus flag from 0.45 and are clear from 0.7;
    breasts and buttocks, which swimwear and bare backs resemble, flag from 0.5 and are clear from 0.8.

Perceptual-hash blocklist (check "image_hash", rule of the blocked picture)
    image_hash() is 192 bits as 48 hex digits: a DCT pHash (64 bits) and horizontal and vertical
    difference hashes (64 bits each), all from one 64 x 64 grey thumbnail. Distance is the Hamming
    distance over all 192 bits; a match is distance <= MATCH_DISTANCE (52). Measured on 150 drawn
    photos: re-encodes and resizes differ by <= 8 bits, small text overlays <= 12, a 5 % crop off one
    edge <= 36, 5 % off two edges plus resize, caption and WebP <= 46; different photos >= 60 (mean 95,
    sd 10). The three hashes together separate far better than pHash alone (whose crop and
    different-photo distances overlap at 14-18 of 64).

A check that raises (a corrupt, truncated or missing file, a decompression bomb) returns a single
"error" signal: the item then waits for a person, it is never released unchecked.

`source` for check_image() and image_hash(): a filesystem path (str or Path), raw bytes, a binary
file-like object (an open file, BytesIO, a Django File from default_storage.open) or a PIL image.
"""

from __future__ import annotations

import io
import os
import threading
import time
import warnings
from pathlib import Path

import numpy as np
from PIL import Image

from redleaf.moderation.checks.base import Signal

RULE = "sexual"
# class -> (flag floor, clear floor) in detector score; see the module docstring.
NUDITY_FLOORS = {
    "FEMALE_GENITALIA_EXPOSED": (0.45, 0.75),
    "MALE_GENITALIA_EXPOSED": (0.45, 0.75),
    "ANUS_EXPOSED": (0.45, 0.75),
    "FEMALE_BREAST_EXPOSED": (0.55, 0.85),
    "BUTTOCKS_EXPOSED": (0.55, 0.85),
}
NOTE_FLOOR = 0.4  # detector scores below this are noise on innocent pictures: no signal at all
MATCH_DISTANCE = 52  # of 192 bits
EXACT_DISTANCE = 12  # up to here a match is the same picture re-encoded: score 1.0
HASH_HEX_DIGITS = 48

WORKING_SIDE = 640  # both checks look at the picture this big (the detector sees 320 px, the hash 64)
MODEL_SIDE = 320
CANDIDATE_SCORE, NMS_SCORE, NMS_IOU = 0.2, 0.25, 0.45  # as nudenet's own post-processing

_lock = threading.Lock()
_model: _Model | None = None


class _Model:
    def __init__(self):
        import nudenet
        import nudenet.nudenet as nn
        import onnxruntime

        started = time.perf_counter()
        self.path = os.path.join(os.path.dirname(nudenet.__file__), "320n.onnx")
        if not os.path.exists(self.path):
            raise RuntimeError(f"nudenet's packaged model is missing: {self.path}")
        self.labels: list[str] = list(getattr(nn, "__labels"))  # noqa: B009 - the name is module-private
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        self.session = onnxruntime.InferenceSession(self.path, sess_options=options,
                                                    providers=["CPUExecutionProvider"])
        self.input_name = self.session.get_inputs()[0].name
        self.load_ms = (time.perf_counter() - started) * 1000

    def detect(self, img: Image.Image) -> list[dict]:
        """nudenet's detections ({"class", "score", "box": [x, y, w, h]}) for an RGB picture."""
        import cv2

        width, height = img.size
        side = max(width, height)
        scale = MODEL_SIDE / side
        canvas = Image.new("RGB", (MODEL_SIDE, MODEL_SIDE))  # black padding at the right / bottom
        canvas.paste(img.resize((max(1, round(width * scale)), max(1, round(height * scale))),
                                Image.Resampling.BILINEAR, reducing_gap=2.0))
        blob = np.asarray(canvas, dtype=np.float32).transpose(2, 0, 1)[None] / np.float32(255.0)
        out = self.session.run(None, {self.input_name: np.ascontiguousarray(blob)})[0][0]  # (4 + classes, n)
        class_scores = out[4:]
        best = class_scores.max(axis=0)
        keep = np.flatnonzero(best >= CANDIDATE_SCORE)
        if keep.size == 0:
            return []
        cx, cy, w, h = (out[k, keep] / scale for k in range(4))  # model pixels -> picture pixels
        x = np.clip(cx - w / 2, 0, width)
        y = np.clip(cy - h / 2, 0, height)
        w = np.minimum(w, width - x)
        h = np.minimum(h, height - y)
        boxes = np.stack([x, y, w, h], axis=1)
        scores = best[keep]
        classes = class_scores[:, keep].argmax(axis=0)
        chosen = cv2.dnn.NMSBoxes(boxes.tolist(), scores.tolist(), NMS_SCORE, NMS_IOU)
        return [{"class": self.labels[int(classes[i])], "score": float(scores[i]),
                 "box": [int(v) for v in boxes[i]]} for i in np.asarray(chosen).reshape(-1)]


def nudity_model() -> _Model:
    """The process's detector, loaded on first use (thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = _Model()
    return _model


def nudity_score(detection_class: str, detector_score: float) -> float:
    """A detector score for one found part as a Signal score (0 for parts that never count, and for
    scores under NOTE_FLOOR): 0.5 at the class's flag floor, 0.9 at its clear floor, linear, in 0..1."""
    floors = NUDITY_FLOORS.get(detection_class)
    if floors is None or detector_score < NOTE_FLOOR:
        return 0.0
    flag, clear = floors
    score = 0.5 + 0.4 * (detector_score - flag) / (clear - flag)
    return round(max(0.05, min(1.0, score)), 3)


def nudity_signals_from(detections: list[dict]) -> list[Signal]:
    """Signals for the detector's output: one per counting class (its highest score), strongest first."""
    best: dict[str, float] = {}
    for found in detections:
        name, value = found["class"], float(found["score"])
        if nudity_score(name, value) > 0 and value > best.get(name, -1.0):
            best[name] = value
    signals = [Signal(check="nudity", score=nudity_score(name, value), rule=RULE, detail=f"{name} {value:.2f}")
               for name, value in best.items()]
    return sorted(signals, key=lambda s: -s.score)


def nudity_signals(img: Image.Image) -> list[Signal]:
    return nudity_signals_from(nudity_model().detect(img))


def _open(source) -> Image.Image:
    """The picture as RGB, at most WORKING_SIDE on its long side (transparency flattened on white)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        if isinstance(source, Image.Image):
            img = source
        else:
            if isinstance(source, bytes | bytearray | memoryview):
                source = io.BytesIO(source)
            elif isinstance(source, Path):
                source = str(source)
            img = Image.open(source)
            img.draft("RGB", (WORKING_SIDE, WORKING_SIDE))  # a JPEG decodes straight at a smaller scale
            img.load()
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        img = Image.new("RGB", rgba.size, (255, 255, 255))
        img.paste(rgba, mask=rgba.getchannel("A"))
    elif img.mode != "RGB":
        img = img.convert("RGB")
    if max(img.size) > WORKING_SIDE:
        scale = WORKING_SIDE / max(img.size)
        img = img.resize((max(1, round(img.width * scale)), max(1, round(img.height * scale))),
                         Image.Resampling.BILINEAR, reducing_gap=2.0)
    return img


def _bits(values: np.ndarray) -> int:
    out = 0
    for bit in values.reshape(-1):
        out = (out << 1) | int(bit)
    return out


def _hash_rgb(img: Image.Image) -> str:
    import scipy.fft

    grey = img.convert("L").resize((64, 64), Image.Resampling.LANCZOS)
    small = np.asarray(grey.resize((32, 32), Image.Resampling.LANCZOS), dtype=np.float64)
    dct = scipy.fft.dctn(small, norm="ortho")[:8, :8]
    horizontal = np.asarray(grey.resize((9, 8), Image.Resampling.LANCZOS), dtype=np.int16)
    vertical = np.asarray(grey.resize((8, 9), Image.Resampling.LANCZOS), dtype=np.int16)
    parts = (dct > np.median(dct), horizontal[:, 1:] > horizontal[:, :-1], vertical[1:] > vertical[:-1])
    return "".join(f"{_bits(part):016x}" for part in parts)


def image_hash(source) -> str:
    """The picture's perceptual hash: 48 hex digits (pHash, then horizontal and vertical dHash)."""
    return _hash_rgb(_open(source))


def hash_distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


class HashBlocklist:
    """Perceptual hashes of removed pictures with the rule each broke, in memory. `match` is a linear
    scan with integer popcount (about 0.2 ms per thousand hashes). Entries that are not image_hash()
    values (wrong length, not hex) are skipped."""

    def __init__(self, entries=(), *, max_distance: int = MATCH_DISTANCE):
        self.max_distance = max_distance
        self.entries: list[tuple[int, str]] = []
        for value, rule in entries:
            if isinstance(value, str) and len(value) == HASH_HEX_DIGITS:
                try:
                    self.entries.append((int(value, 16), rule))
                except ValueError:
                    continue

    def __len__(self) -> int:
        return len(self.entries)

    def match(self, hash_hex: str) -> tuple[str, int] | None:
        """(rule, distance) of the nearest blocked picture within max_distance, or None."""
        value = int(hash_hex, 16)
        best_rule, best = "", self.max_distance + 1
        for blocked, rule in self.entries:
            distance = (value ^ blocked).bit_count()
            if distance < best:
                best_rule, best = rule, distance
        return (best_rule, best) if best <= self.max_distance else None


def hash_score(distance: int, max_distance: int = MATCH_DISTANCE) -> float:
    """1.0 for a re-encode (<= EXACT_DISTANCE), falling linearly to 0.6 at max_distance: every match
    flags for a person; a crop-level match is not called a clear violation on its own."""
    if distance <= EXACT_DISTANCE:
        return 1.0
    return round(1.0 - 0.4 * (distance - EXACT_DISTANCE) / max(1, max_distance - EXACT_DISTANCE), 3)


def check_image(source, *, blocklist: HashBlocklist | None = None) -> list[Signal]:
    """Every picture check on one picture (decoded once). Never raises: a failure is an "error" signal."""
    try:
        img = _open(source)
        signals = nudity_signals(img)
        if blocklist:
            found = blocklist.match(_hash_rgb(img))
            if found is not None:
                rule, distance = found
                signals.append(Signal(check="image_hash", score=hash_score(distance, blocklist.max_distance),
                                      rule=rule, detail=f"distance {distance}"))
        return signals
    except Exception as exc:  # noqa: BLE001 - an unreadable picture waits for a person
        return [Signal(check="error", score=1.0, detail=f"image: {type(exc).__name__}: {exc}"[:200])]


def sample_photo(seed: int, size: tuple[int, int] | None = None) -> Image.Image:
    """A program-drawn 'photo' (about 1080 px): a sky/ground gradient with a tint, a dozen blurred
    shapes in random colours, sensor-like noise. Deterministic per seed. For the bench and the tests."""
    from PIL import ImageDraw, ImageFilter

    rng = np.random.default_rng(seed)
    width, height = size or [(1080, 1440), (1440, 1080), (1080, 1080), (1080, 1350)][seed % 4]
    top, mid, bottom = rng.integers(0, 256, (3, 3)).astype(np.float32)
    horizon = rng.uniform(0.3, 0.7)
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    upper = np.clip(y / horizon, 0, 1)
    lower = np.clip((y - horizon) / (1 - horizon), 0, 1)
    column = np.where(y < horizon, top * (1 - upper) + mid * upper, mid * (1 - lower) + bottom * lower)
    tint = rng.uniform(-40, 40, 3).astype(np.float32) * np.linspace(0, 1, width, dtype=np.float32)[:, None]
    pixels = column[:, None, :] + tint[None, :, :]
    img = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(6, 18))):
        kind = int(rng.integers(0, 3))
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        r = rng.uniform(0.04, 0.3) * min(width, height)
        fill = tuple(int(v) for v in rng.integers(0, 256, 3))
        if kind == 0:
            draw.ellipse([cx - r, cy - r * rng.uniform(0.5, 1.5), cx + r, cy + r], fill=fill)
        elif kind == 1:
            draw.rectangle([cx - r, cy - r / 2, cx + r, cy + r / 2], fill=fill)
        else:
            angles = np.sort(rng.uniform(0, 2 * np.pi, 5))
            draw.polygon([(cx + r * np.cos(a), cy + r * np.sin(a)) for a in angles], fill=fill)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 3)))
    noisy = np.asarray(img, dtype=np.float32) + rng.normal(0, rng.uniform(3, 12), (height, width, 3))
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


def bench_images(count: int = 50, log=None) -> dict:
    """Pictures checked per second on one core: decode, nudity and hash against 1,000 blocked hashes,
    on program-drawn ~1080 px photos stored as WebP (quality 82, as media keeps them). One process,
    one inference thread. model_load_ms is this process's load (0 if it was already loaded)."""
    import statistics

    log = log or (lambda message: None)
    started = time.perf_counter()
    loaded_before = _model is not None
    nudity_model()
    load_ms = 0.0 if loaded_before else (time.perf_counter() - started) * 1000
    pictures = []
    for i in range(min(count, 25)):
        buffer = io.BytesIO()
        sample_photo(1000 + i).save(buffer, "WEBP", quality=82, method=4)
        pictures.append(buffer.getvalue())
    rng = np.random.default_rng(7)
    blocklist = HashBlocklist([("".join(f"{int(v):016x}" for v in rng.integers(0, 2**63, 3)), RULE)
                               for _ in range(1000)])
    check_image(io.BytesIO(pictures[0]), blocklist=blocklist)  # warm-up
    times, hash_times = [], []
    for i in range(count):
        data = pictures[i % len(pictures)]
        t0 = time.perf_counter()
        signals = check_image(io.BytesIO(data), blocklist=blocklist)
        times.append(time.perf_counter() - t0)
        if any(s.check == "error" for s in signals):
            raise RuntimeError(f"bench picture {i} failed: {signals}")
        t1 = time.perf_counter()
        image_hash(io.BytesIO(data))
        hash_times.append(time.perf_counter() - t1)
        log(f"image {i + 1}/{count}: {times[-1] * 1000:.0f} ms")
    return {"images": count, "images_per_second_per_core": round(count / sum(times), 1),
            "ms_per_image_p50": round(statistics.median(times) * 1000, 1),
            "hash_ms_p50": round(statistics.median(hash_times) * 1000, 2), "model_load_ms": round(load_ms, 1),
            "blocklist_size": len(blocklist)}
