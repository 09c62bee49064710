"""Illustrations for the demo articles, drawn with Pillow: no picture is downloaded or copied.

Drawing is deterministic, so the same scene gives the same bytes and re-running the demo
finds nothing to change.
"""

from __future__ import annotations

import math
from io import BytesIO
from random import Random

from PIL import Image, ImageDraw

SIZE = (1200, 675)
HORIZON = 470

Colour = tuple[int, int, int]


def _sky(draw: ImageDraw.ImageDraw, top: Colour, bottom: Colour, height: int = HORIZON) -> None:
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (SIZE[0], y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )


def _street(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    _sky(draw, (150, 190, 225), (225, 235, 240))
    draw.rectangle([0, HORIZON, SIZE[0], SIZE[1]], fill=(120, 115, 110))
    x = 0
    while x < SIZE[0]:
        width = rng.randint(110, 170)
        height = rng.randint(210, 330)
        brick = rng.choice([(150, 80, 60), (170, 100, 70), (130, 70, 55), (185, 140, 100)])
        draw.rectangle([x, HORIZON - height, x + width - 6, HORIZON], fill=brick)
        for wy in range(HORIZON - height + 25, HORIZON - 90, 55):
            for wx in range(x + 15, x + width - 35, 38):
                draw.rectangle([wx, wy, wx + 22, wy + 32], fill=(235, 230, 205))
        draw.rectangle([x + 10, HORIZON - 80, x + width - 16, HORIZON], fill=(60, 85, 95))
        x += width
    for _ in range(14):
        px, py = rng.randint(30, SIZE[0] - 30), rng.randint(HORIZON + 30, SIZE[1] - 50)
        colour = rng.choice([(200, 60, 60), (40, 90, 160), (230, 180, 40), (50, 130, 80)])
        draw.ellipse([px - 9, py - 62, px + 9, py - 44], fill=(90, 60, 45))
        draw.rounded_rectangle([px - 13, py - 44, px + 13, py], radius=6, fill=colour)


def _bus(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    _sky(draw, (12, 20, 55), (40, 55, 100))
    for _ in range(80):
        sx, sy = rng.randint(0, SIZE[0]), rng.randint(0, HORIZON - 120)
        draw.point((sx, sy), fill=(230, 230, 210))
    draw.ellipse([950, 60, 1030, 140], fill=(240, 235, 200))
    draw.ellipse([975, 50, 1055, 130], fill=(14, 22, 58))
    draw.rectangle([0, HORIZON, SIZE[0], SIZE[1]], fill=(45, 45, 55))
    draw.rounded_rectangle([330, 230, 880, 540], radius=26, fill=(180, 30, 40))
    for row in (260, 390):
        for wx in range(360, 860, 75):
            draw.rectangle([wx, row, wx + 58, row + 80], fill=(250, 220, 120))
    draw.rectangle([330, 365, 880, 375], fill=(120, 20, 25))
    for wheel in (430, 780):
        draw.ellipse([wheel - 40, 500, wheel + 40, 580], fill=(20, 20, 20))
    draw.rectangle([180, 260, 190, 540], fill=(160, 160, 170))
    draw.rectangle([150, 240, 220, 290], fill=(230, 230, 235))


def _swifts(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    _sky(draw, (245, 160, 90), (250, 215, 160), SIZE[1])
    draw.rectangle([470, 180, 700, SIZE[1]], fill=(120, 105, 90))
    draw.polygon([(450, 185), (585, 40), (720, 185)], fill=(95, 85, 75))
    for lx in (515, 615):
        draw.rectangle([lx, 250, lx + 40, 340], fill=(60, 50, 45))
    for _ in range(22):
        cx, cy = rng.randint(60, SIZE[0] - 60), rng.randint(40, 420)
        span = rng.randint(18, 34)
        angle = rng.uniform(-0.5, 0.5)
        tip = (math.cos(angle) * span, math.sin(angle) * span)
        draw.line(
            [(cx - tip[0], cy - tip[1]), (cx, cy + 6), (cx + tip[0], cy + tip[1])],
            fill=(35, 30, 35),
            width=5,
        )


def _silo(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    _sky(draw, (110, 170, 230), (210, 230, 245))
    draw.rectangle([0, HORIZON, SIZE[0], SIZE[1]], fill=(110, 150, 90))
    draw.rectangle([700, 150, 880, HORIZON + 40], fill=(150, 155, 160))
    draw.ellipse([700, 125, 880, 175], fill=(175, 180, 185))
    for band in range(190, HORIZON + 40, 60):
        draw.line([(700, band), (880, band)], fill=(120, 125, 130), width=3)
    draw.rectangle([160, 330, 640, HORIZON + 60], fill=(200, 190, 170))
    for px in range(180, 620, 90):
        draw.polygon(
            [(px, 330), (px + 80, 330), (px + 60, 290), (px - 20, 290)], fill=(40, 60, 110)
        )
    draw.ellipse([90, 50, 190, 150], fill=(255, 235, 150))


def _harbour(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    _sky(draw, (250, 200, 150), (200, 215, 235))
    draw.rectangle([0, HORIZON, SIZE[0], SIZE[1]], fill=(60, 100, 130))
    for wave in range(HORIZON + 20, SIZE[1], 28):
        draw.line([(0, wave), (SIZE[0], wave)], fill=(80, 125, 155), width=2)
    draw.polygon([(300, 440), (900, 440), (840, 520), (360, 520)], fill=(70, 70, 80))
    draw.rectangle([420, 380, 760, 440], fill=(230, 230, 225))
    for base in (160, 1000):
        draw.rectangle([base, 120, base + 24, HORIZON], fill=(220, 170, 40))
        draw.rectangle([base - 140, 110, base + 180, 130], fill=(220, 170, 40))
        draw.line([(base + 12, 130), (base + 150, 300)], fill=(40, 40, 40), width=3)
    draw.ellipse([560, 90, 640, 170], fill=(255, 230, 180))


SCENES = {
    "street": _street,
    "bus": _bus,
    "swifts": _swifts,
    "silo": _silo,
    "harbour": _harbour,
}


def draw(scene: str) -> bytes:
    image = Image.new("RGB", SIZE, (255, 255, 255))
    SCENES[scene](ImageDraw.Draw(image), Random(scene))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()
