"""Pictures for the demo and the bulk seed, drawn by the program (no downloads): a soft gradient, a
simple object for the note's topic (a steaming bowl, a cat, mountains under a sun, an open book,
coins, a sofa, a shirt, a dumbbell, ...) and a little decoration. Each drawing is made at twice its
size and reduced, which smooths the edges, and takes a few milliseconds."""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageOps

TOPICS = ("food", "pets", "travel", "study", "money", "home", "fashion", "fitness")
ASPECTS = {"3:4": (600, 800), "1:1": (720, 720), "4:3": (800, 600)}
SUPERSAMPLE = 2

Color = tuple[int, int, int]

# Background pairs (top, bottom) per topic: warm for food, fresh for travel, and so on.
PALETTES: dict[str, list[tuple[Color, Color]]] = {
    "food": [((255, 236, 210), (255, 190, 150)), ((255, 245, 228), (250, 205, 170)), ((253, 226, 228), (244, 172, 160))],
    "pets": [((255, 240, 245), (250, 200, 215)), ((240, 246, 255), (196, 214, 246)), ((255, 248, 225), (244, 214, 160))],
    "travel": [((176, 222, 255), (255, 214, 186)), ((255, 200, 160), (150, 120, 200)), ((196, 240, 236), (120, 190, 230))],
    "study": [((246, 242, 232), (216, 226, 240)), ((238, 246, 240), (190, 220, 204)), ((250, 240, 226), (226, 206, 180))],
    "money": [((236, 250, 240), (180, 226, 200)), ((255, 250, 230), (244, 222, 160)), ((236, 244, 255), (190, 210, 240))],
    "home": [((248, 240, 230), (222, 204, 186)), ((236, 244, 238), (196, 216, 200)), ((246, 238, 246), (214, 196, 222))],
    "fashion": [((255, 236, 240), (236, 190, 210)), ((240, 238, 250), (206, 200, 236)), ((250, 246, 236), (226, 214, 194))],
    "fitness": [((226, 246, 255), (160, 206, 240)), ((236, 255, 240), (170, 230, 196)), ((255, 240, 226), (250, 186, 150))],
}
ACCENTS: list[Color] = [
    (232, 64, 84), (244, 132, 60), (246, 190, 60), (88, 178, 120), (64, 150, 210), (120, 96, 200),
    (226, 96, 160), (60, 170, 170), (150, 100, 70), (90, 90, 110),
]


def _mix(a: Color, b: Color, t: float) -> Color:
    return (int(a[0] + (b[0] - a[0]) * t), int(a[1] + (b[1] - a[1]) * t), int(a[2] + (b[2] - a[2]) * t))


def _darker(c: Color, f: float = 0.75) -> Color:
    return (int(c[0] * f), int(c[1] * f), int(c[2] * f))


def _lighter(c: Color, f: float = 0.45) -> Color:
    return _mix(c, (255, 255, 255), f)


def _gradient(size: tuple[int, int], top: Color, bottom: Color, radial: bool) -> Image.Image:
    mask = Image.radial_gradient("L") if radial else Image.linear_gradient("L")
    # Colour the small 256×256 ramp, then stretch it: far cheaper than colouring every pixel.
    return ImageOps.colorize(mask, top, bottom).resize(size, Image.Resampling.BILINEAR)


class Canvas:
    """A drawing surface in unit coordinates: (0, 0) top-left, x across, y down, s = the short side."""

    def __init__(self, img: Image.Image, rng: random.Random):
        self.img = img
        self.d = ImageDraw.Draw(img, "RGBA")
        self.w, self.h = img.size
        self.s = min(self.w, self.h)
        self.rng = rng

    def px(self, x: float, y: float) -> tuple[float, float]:
        return (x * self.w, y * self.h)

    def box(self, cx: float, cy: float, rx: float, ry: float | None = None) -> list[float]:
        """A box around (cx, cy) in fractions of width/height, radii in fractions of the short side."""
        ry = rx if ry is None else ry
        x, y = cx * self.w, cy * self.h
        return [x - rx * self.s, y - ry * self.s, x + rx * self.s, y + ry * self.s]

    def ellipse(self, cx, cy, rx, ry=None, fill=None, outline=None, width=0):
        self.d.ellipse(self.box(cx, cy, rx, ry), fill=fill, outline=outline, width=int(width * self.s))

    def rect(self, cx, cy, rx, ry, fill, radius=0.0):
        self.d.rounded_rectangle(self.box(cx, cy, rx, ry), radius=int(radius * self.s), fill=fill)

    def poly(self, points: list[tuple[float, float]], fill):
        """Points as offsets from the centre in short-side units, relative to (cx, cy) given first."""
        self.d.polygon([(x, y) for x, y in points], fill=fill)

    def at(self, cx: float, cy: float, dx: float, dy: float) -> tuple[float, float]:
        return (cx * self.w + dx * self.s, cy * self.h + dy * self.s)

    def line(self, points, fill, width):
        self.d.line(points, fill=fill, width=max(1, int(width * self.s)), joint="curve")

    def shadow(self, cx, cy, rx, ry):
        self.ellipse(cx, cy, rx, ry, fill=(0, 0, 0, 38))


def _steam(c: Canvas, cx: float, cy: float, spread: float, height: float) -> None:
    for k in (-1, 0, 1):
        x0 = k * spread
        pts = [c.at(cx, cy, x0 + 0.025 * math.sin(t * 1.3), -t * height / 6) for t in range(7)]
        c.line(pts, fill=(255, 255, 255, 170), width=0.018)


def _sparkles(c: Canvas, n: int, color=(255, 255, 255, 120)) -> None:
    for _ in range(n):
        x, y, r = c.rng.random(), c.rng.random(), c.rng.uniform(0.006, 0.018)
        c.ellipse(x, y, r, fill=color)


# --- topics -----------------------------------------------------------------------------------------
def _food(c: Canvas) -> None:
    rng = c.rng
    c.d.rectangle([0, c.h * 0.72, c.w, c.h], fill=(255, 255, 255, 90))  # table
    kind = rng.choice(["bowl", "bowl", "cup", "cake"])
    accent = rng.choice(ACCENTS)
    if kind == "bowl":
        c.shadow(0.5, 0.78, 0.34, 0.05)
        c.ellipse(0.5, 0.55, 0.32, 0.08, fill=_darker(accent, 0.6))
        soup = rng.choice([(236, 180, 90), (214, 120, 70), (246, 226, 190), (150, 190, 110)])
        c.ellipse(0.5, 0.55, 0.29, 0.065, fill=soup)
        for i in range(rng.randint(2, 4)):  # toppings: greens, and half an egg
            dx = (-0.16 + i * 0.1) * c.s / c.w
            c.ellipse(0.5 + dx, 0.54, 0.035, 0.018, fill=(90, 170, 90))
        if rng.random() < 0.6:
            ex = 0.5 + rng.uniform(-0.12, 0.12) * c.s / c.w
            c.ellipse(ex, 0.545, 0.05, 0.03, fill=(255, 255, 250))
            c.ellipse(ex, 0.545, 0.022, 0.016, fill=(250, 180, 40))
        c.d.chord(c.box(0.5, 0.55, 0.32, 0.24), 0, 180, fill=accent)
        c.d.chord(c.box(0.5, 0.55, 0.32, 0.24), 20, 160, fill=_lighter(accent, 0.2))
        c.rect(0.5, 0.795, 0.1, 0.02, fill=_darker(accent, 0.8), radius=0.01)
        # chopsticks
        c.line([c.at(0.5, 0.55, 0.12, -0.05), c.at(0.5, 0.55, 0.36, -0.3)], fill=(150, 100, 60), width=0.016)
        c.line([c.at(0.5, 0.55, 0.16, -0.04), c.at(0.5, 0.55, 0.40, -0.26)], fill=(170, 120, 70), width=0.016)
        _steam(c, 0.5, 0.45, 0.08, 0.22)
    elif kind == "cup":
        c.shadow(0.5, 0.78, 0.26, 0.04)
        c.ellipse(0.5, 0.77, 0.26, 0.05, fill=(255, 255, 255))
        c.rect(0.5, 0.62, 0.15, 0.15, fill=accent, radius=0.05)
        c.ellipse(0.5, 0.48, 0.15, 0.035, fill=(120, 72, 40))
        c.ellipse(0.5 + 0.17 * c.s / c.w, 0.62, 0.06, 0.07, outline=accent, width=0.025)
        c.ellipse(0.5, 0.48, 0.05, 0.015, fill=(240, 220, 200))
        _steam(c, 0.5, 0.42, 0.06, 0.2)
    else:
        c.shadow(0.5, 0.74, 0.3, 0.05)
        c.ellipse(0.5, 0.72, 0.32, 0.07, fill=(255, 255, 255))
        pts = [c.at(0.5, 0.62, -0.25, 0.07), c.at(0.5, 0.62, 0.25, 0.07), c.at(0.5, 0.62, 0.25, -0.1),
               c.at(0.5, 0.62, -0.25, -0.02)]
        c.poly(pts, fill=(250, 232, 200))
        c.poly([c.at(0.5, 0.62, -0.25, -0.02), c.at(0.5, 0.62, 0.25, -0.1), c.at(0.5, 0.62, 0.25, -0.16),
                c.at(0.5, 0.62, -0.25, -0.07)], fill=_lighter(accent, 0.5))
        c.line([c.at(0.5, 0.62, -0.25, 0.02), c.at(0.5, 0.62, 0.25, -0.04)], fill=_lighter(accent, 0.3), width=0.02)
        c.ellipse(0.5, 0.46, 0.05, fill=(220, 30, 50))
        c.line([c.at(0.5, 0.46, 0, -0.04), c.at(0.5, 0.46, 0.03, -0.09)], fill=(60, 130, 60), width=0.01)
    _sparkles(c, 6)


def _pets(c: Canvas) -> None:
    rng = c.rng
    fur = rng.choice([(246, 170, 90), (120, 110, 110), (250, 246, 240), (60, 56, 60), (220, 200, 170)])
    dog = rng.random() < 0.35
    cx, cy = 0.5, 0.55
    c.shadow(cx, 0.86, 0.3, 0.04)
    if dog:
        for side in (-1, 1):
            c.ellipse(cx + side * 0.27 * c.s / c.w, cy + 0.02, 0.09, 0.19, fill=_darker(fur, 0.7))
    else:
        for side in (-1, 1):
            ear = [c.at(cx, cy, side * 0.3, -0.08), c.at(cx, cy, side * 0.22, -0.36), c.at(cx, cy, side * 0.06, -0.2)]
            c.poly(ear, fill=fur)
            inner = [c.at(cx, cy, side * 0.25, -0.13), c.at(cx, cy, side * 0.21, -0.28), c.at(cx, cy, side * 0.12, -0.19)]
            c.poly(inner, fill=(250, 180, 190))
    c.ellipse(cx, cy, 0.32, 0.28, fill=fur)
    if rng.random() < 0.5:  # a patch
        c.ellipse(cx - 0.1 * c.s / c.w, cy - 0.1 * c.s / c.h, 0.12, 0.1, fill=_darker(fur, 0.8))
    c.ellipse(cx, cy + 0.1 * c.s / c.h, 0.13, 0.1, fill=_lighter(fur, 0.5))
    for side in (-1, 1):
        ex = cx + side * 0.12 * c.s / c.w
        c.ellipse(ex, cy - 0.03 * c.s / c.h, 0.045, 0.05, fill=(40, 36, 40))
        c.ellipse(ex + 0.012 * c.s / c.w, cy - 0.045 * c.s / c.h, 0.015, fill=(255, 255, 255))
        c.ellipse(cx + side * 0.2 * c.s / c.w, cy + 0.06 * c.s / c.h, 0.04, 0.025, fill=(250, 160, 170, 150))
    nose = [c.at(cx, cy, -0.03, 0.05), c.at(cx, cy, 0.03, 0.05), c.at(cx, cy, 0, 0.085)]
    c.poly(nose, fill=(90, 50, 50) if dog else (240, 120, 140))
    c.line([c.at(cx, cy, 0, 0.085), c.at(cx, cy, -0.04, 0.12)], fill=(70, 50, 50), width=0.008)
    c.line([c.at(cx, cy, 0, 0.085), c.at(cx, cy, 0.04, 0.12)], fill=(70, 50, 50), width=0.008)
    if not dog:
        for side in (-1, 1):
            for k in (-1, 0, 1):
                c.line([c.at(cx, cy, side * 0.1, 0.08 + k * 0.02), c.at(cx, cy, side * 0.36, 0.05 + k * 0.05)],
                       fill=(80, 70, 70, 160), width=0.006)
    for _ in range(rng.randint(2, 4)):  # paw prints
        px, py = rng.uniform(0.08, 0.92), rng.choice([rng.uniform(0.05, 0.2), rng.uniform(0.88, 0.96)])
        c.ellipse(px, py, 0.03, fill=(255, 255, 255, 140))
        for k in (-1, 0, 1):
            c.ellipse(px + k * 0.03 * c.s / c.w, py - 0.04 * c.s / c.h, 0.012, fill=(255, 255, 255, 140))


def _travel(c: Canvas) -> None:
    rng = c.rng
    sun = rng.choice([(255, 220, 120), (255, 170, 110), (255, 246, 210)])
    sx, sy = rng.uniform(0.25, 0.75), rng.uniform(0.18, 0.32)
    c.ellipse(sx, sy, 0.16, fill=sun + (70,))
    c.ellipse(sx, sy, 0.11, fill=sun)
    for _ in range(rng.randint(1, 3)):  # clouds
        x, y = rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.35)
        for dx, r in ((-0.07, 0.05), (0.0, 0.07), (0.07, 0.05)):
            c.ellipse(x + dx * c.s / c.w, y, r, r * 0.8, fill=(255, 255, 255, 200))
    base = rng.choice([(70, 110, 150), (90, 120, 110), (110, 90, 140)])
    for layer in range(3):
        color = _mix(base, (230, 230, 240), 0.45 - layer * 0.2)
        y0 = 0.62 + layer * 0.08
        peaks = [(0.0, 1.0)]
        x = -0.1
        caps = []
        while x < 1.1:
            peak_h = rng.uniform(0.16, 0.3) - layer * 0.05
            peaks += [(x, y0), (x + 0.15, y0 - peak_h), (x + 0.3, y0)]
            if layer == 0 and rng.random() < 0.6:
                caps.append((x, peak_h))
            x += rng.uniform(0.2, 0.3)
        peaks.append((1.0, 1.0))
        c.poly([c.px(px, py) for px, py in peaks], fill=color)
        for x, peak_h in caps:  # snow on the far peaks
            c.poly([c.px(x + 0.1, y0 - peak_h * 0.67), c.px(x + 0.15, y0 - peak_h),
                    c.px(x + 0.2, y0 - peak_h * 0.67)], fill=(255, 255, 255, 230))
    if rng.random() < 0.5:  # water and a little boat
        c.d.rectangle([0, c.h * 0.86, c.w, c.h], fill=(120, 170, 220, 200))
        bx = rng.uniform(0.2, 0.8)
        c.poly([c.at(bx, 0.9, -0.08, 0), c.at(bx, 0.9, 0.08, 0), c.at(bx, 0.9, 0.05, 0.03), c.at(bx, 0.9, -0.05, 0.03)],
               fill=(250, 250, 250))
        c.poly([c.at(bx, 0.9, 0, -0.005), c.at(bx, 0.9, 0, -0.13), c.at(bx, 0.9, 0.07, -0.01)], fill=(232, 80, 80))


def _study(c: Canvas) -> None:
    rng = c.rng
    c.d.rectangle([0, c.h * 0.74, c.w, c.h], fill=(160, 120, 90, 110))  # desk
    cover = rng.choice(ACCENTS)
    cx, cy = 0.5, 0.6
    c.shadow(cx, 0.76, 0.36, 0.05)
    c.poly([c.at(cx, cy, -0.36, -0.1), c.at(cx, cy, 0, -0.06), c.at(cx, cy, 0, 0.14), c.at(cx, cy, -0.36, 0.1)],
           fill=cover)
    c.poly([c.at(cx, cy, 0.36, -0.1), c.at(cx, cy, 0, -0.06), c.at(cx, cy, 0, 0.14), c.at(cx, cy, 0.36, 0.1)],
           fill=cover)
    c.poly([c.at(cx, cy, -0.33, -0.13), c.at(cx, cy, 0, -0.08), c.at(cx, cy, 0, 0.11), c.at(cx, cy, -0.33, 0.07)],
           fill=(253, 251, 244))
    c.poly([c.at(cx, cy, 0.33, -0.13), c.at(cx, cy, 0, -0.08), c.at(cx, cy, 0, 0.11), c.at(cx, cy, 0.33, 0.07)],
           fill=(248, 246, 238))
    for side in (-1, 1):
        for k in range(5):
            y = -0.09 + k * 0.035
            c.line([c.at(cx, cy, side * 0.29, y - 0.01 * (1 if side < 0 else 1)), c.at(cx, cy, side * 0.04, y + 0.02)],
                   fill=(170, 170, 190, 200), width=0.006)
    # a pencil
    px, py = rng.uniform(0.2, 0.4), 0.84
    c.line([c.at(px, py, 0, 0), c.at(px, py, 0.4, -0.04)], fill=(246, 190, 60), width=0.03)
    c.poly([c.at(px, py, 0.4, -0.055), c.at(px, py, 0.46, -0.046), c.at(px, py, 0.4, -0.025)], fill=(240, 210, 170))
    # a mug of pens or a lamp glow
    c.ellipse(rng.uniform(0.7, 0.9), 0.2, 0.18, fill=(255, 240, 180, 80))
    _sparkles(c, 4, (255, 255, 255, 100))


def _money(c: Canvas) -> None:
    rng = c.rng
    gold, edge = (246, 200, 70), (214, 160, 40)
    for stack in range(rng.randint(2, 3)):
        x = 0.3 + stack * 0.2
        n = rng.randint(3, 7)
        c.shadow(x, 0.82, 0.12, 0.025)
        for k in range(n):
            y = 0.8 - k * 0.035 * c.s / c.h
            c.ellipse(x, y + 0.012 * c.s / c.h, 0.11, 0.035, fill=edge)
            c.ellipse(x, y, 0.11, 0.035, fill=gold)
        c.ellipse(x, 0.8 - (n - 1) * 0.035 * c.s / c.h, 0.07, 0.02, outline=edge, width=0.008)
    # a rising chart
    color = rng.choice([(60, 160, 110), (232, 64, 84), (64, 150, 210)])
    pts, y = [], 0.5
    for k in range(6):
        pts.append(c.px(0.12 + k * 0.15, y))
        y -= rng.uniform(0.0, 0.07)
    c.line(pts, fill=color, width=0.018)
    end = pts[-1]
    r = 0.025 * c.s
    c.d.ellipse([end[0] - r, end[1] - r, end[0] + r, end[1] + r], fill=color)
    for k in range(5):  # bars
        height = rng.uniform(0.05, 0.15)
        c.rect(0.15 + k * 0.07, 0.62 - height / 2, 0.015, height / 2 * c.h / c.s, fill=color + (90,), radius=0.005)


def _home(c: Canvas) -> None:
    rng = c.rng
    c.d.rectangle([0, c.h * 0.78, c.w, c.h], fill=(190, 150, 120, 140))  # floor
    sofa = rng.choice([(120, 150, 190), (210, 140, 110), (150, 180, 150), (200, 180, 160), (160, 120, 170)])
    cx, cy = 0.5, 0.62
    c.shadow(cx, 0.8, 0.4, 0.03)
    c.rect(cx, cy - 0.06 * c.s / c.h, 0.34, 0.11, fill=_darker(sofa, 0.85), radius=0.05)  # back
    c.rect(cx, cy + 0.06 * c.s / c.h, 0.36, 0.07, fill=sofa, radius=0.04)  # seat
    for side in (-1, 1):
        c.rect(cx + side * 0.36 * c.s / c.w, cy + 0.02 * c.s / c.h, 0.06, 0.11, fill=_darker(sofa, 0.9), radius=0.04)
        c.rect(cx + side * 0.3 * c.s / c.w, cy + 0.15 * c.s / c.h, 0.012, 0.03, fill=(110, 80, 60))
    for k in (-1, 1):  # cushions
        c.rect(cx + k * 0.14 * c.s / c.w, cy - 0.02 * c.s / c.h, 0.07, 0.06, fill=rng.choice(ACCENTS), radius=0.03)
    # a plant
    px = rng.choice([0.1, 0.9])
    c.rect(px, 0.74, 0.05, 0.05, fill=(200, 120, 90), radius=0.01)
    for k in range(5):
        angle = -math.pi / 2 + (k - 2) * 0.4
        tip = c.at(px, 0.7, math.cos(angle) * 0.12, math.sin(angle) * 0.16)
        c.line([c.at(px, 0.7, 0, 0), tip], fill=(70, 150, 90), width=0.025)
    # a frame on the wall
    fx = rng.uniform(0.35, 0.65)
    c.rect(fx, 0.2, 0.12, 0.09, fill=(255, 255, 255), radius=0.01)
    c.rect(fx, 0.2, 0.1, 0.07, fill=_lighter(rng.choice(ACCENTS), 0.4), radius=0.005)


def _fashion(c: Canvas) -> None:
    rng = c.rng
    cloth = rng.choice(ACCENTS)
    cx, cy = 0.5, 0.55
    # hanger
    c.line([c.at(cx, cy, -0.24, -0.2), c.at(cx, cy, 0, -0.3), c.at(cx, cy, 0.24, -0.2)], fill=(120, 100, 80), width=0.012)
    c.ellipse(cx, cy - 0.34 * c.s / c.h, 0.03, outline=(120, 100, 80), width=0.01)
    if rng.random() < 0.6:  # a T-shirt
        pts = [(-0.12, -0.22), (-0.3, -0.14), (-0.36, 0.0), (-0.22, 0.04), (-0.2, 0.3), (0.2, 0.3), (0.22, 0.04),
               (0.36, 0.0), (0.3, -0.14), (0.12, -0.22), (0.0, -0.16)]
        c.poly([c.at(cx, cy, x, y) for x, y in pts], fill=cloth)
        c.d.chord(c.box(cx, cy - 0.22 * c.s / c.h, 0.12, 0.07), 0, 180, fill=_darker(cloth, 0.8))
        if rng.random() < 0.5:
            for k in range(3):
                y = -0.02 + k * 0.1
                c.d.rectangle([c.at(cx, cy, -0.2, y)[0], c.at(cx, cy, 0, y)[1], c.at(cx, cy, 0.2, y)[0],
                               c.at(cx, cy, 0, y + 0.04)[1]], fill=_lighter(cloth, 0.6))
    else:  # a dress
        pts = [(-0.1, -0.22), (0.1, -0.22), (0.12, -0.02), (0.3, 0.32), (-0.3, 0.32), (-0.12, -0.02)]
        c.poly([c.at(cx, cy, x, y) for x, y in pts], fill=cloth)
        c.rect(cx, cy - 0.02 * c.s / c.h, 0.13, 0.02, fill=_darker(cloth, 0.75))
    # a handbag
    bx = rng.choice([0.18, 0.82])
    bag = rng.choice([(150, 100, 70), (240, 220, 200), (60, 60, 70)])
    c.ellipse(bx, 0.74, 0.06, 0.06, outline=_darker(bag, 0.8), width=0.012)
    c.rect(bx, 0.82, 0.09, 0.07, fill=bag, radius=0.02)
    _sparkles(c, 8, (255, 255, 255, 150))


def _fitness(c: Canvas) -> None:
    rng = c.rng
    weight = rng.choice([(60, 60, 70), (232, 64, 84), (64, 150, 210), (120, 96, 200)])
    cx, cy = 0.5, 0.62
    c.shadow(cx, 0.76, 0.38, 0.04)
    c.rect(cx, cy, 0.28, 0.018, fill=(190, 190, 200), radius=0.01)
    for side in (-1, 1):
        for k, (rx, ry) in enumerate(((0.045, 0.13), (0.035, 0.1))):
            x = cx + side * (0.2 + k * 0.07) * c.s / c.w
            c.rect(x, cy, rx, ry, fill=weight if k == 0 else _lighter(weight, 0.2), radius=0.02)
    # heart-rate line
    color = (232, 64, 84)
    pts, x = [], 0.05
    y = 0.28
    for k in range(12):
        jump = 0.0 if k % 4 else -0.12
        pts.append(c.px(x, y + jump * c.s / c.h))
        if k % 4 == 0:
            pts.append(c.px(x + 0.02, y + 0.06 * c.s / c.h))
        x += 0.08
    c.line(pts, fill=color + (200,), width=0.012)
    # a water bottle
    bx = rng.choice([0.12, 0.88])
    c.rect(bx, 0.7, 0.045, 0.11, fill=(120, 200, 230, 220), radius=0.02)
    c.rect(bx, 0.58, 0.025, 0.015, fill=(60, 60, 70))


DRAWERS: dict[str, Callable[[Canvas], None]] = {
    "food": _food, "pets": _pets, "travel": _travel, "study": _study,
    "money": _money, "home": _home, "fashion": _fashion, "fitness": _fitness,
}


def draw(topic: str, rng: random.Random, aspect: str = "3:4", scale: float = 1.0) -> Image.Image:
    """One picture for `topic` (see TOPICS), at ASPECTS[aspect] times `scale`."""
    width, height = ASPECTS[aspect]
    size = (int(width * scale), int(height * scale))
    big = (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE)
    top, bottom = rng.choice(PALETTES[topic])
    img = _gradient(big, top, bottom, radial=rng.random() < 0.25)
    canvas = Canvas(img, rng)
    for _ in range(rng.randint(3, 7)):  # soft circles behind the object
        canvas.ellipse(rng.random(), rng.random(), rng.uniform(0.05, 0.2), fill=(255, 255, 255, rng.randint(25, 60)))
    DRAWERS[topic](canvas)
    return img.reduce(SUPERSAMPLE)


def draw_avatar(rng: random.Random, size: int = 256) -> Image.Image:
    """A round-friendly avatar: a two-tone gradient with a small topic emblem."""
    topic = rng.choice(TOPICS)
    img = draw(topic, rng, "1:1", scale=size / ASPECTS["1:1"][0])
    return img


def encode(img: Image.Image, fmt: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        img.save(buffer, format="JPEG", quality=90)
    else:
        img.save(buffer, format=fmt)
    return buffer.getvalue()
