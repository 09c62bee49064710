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


def _ground(draw: ImageDraw.ImageDraw, colour: Colour) -> None:
    draw.rectangle([0, HORIZON, SIZE[0], SIZE[1]], fill=colour)


def _library(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    """A stone civic building with columns, steps and an open door."""
    _sky(draw, (150, 185, 220), (225, 232, 240))
    _ground(draw, (150, 145, 135))
    draw.rectangle([250, 200, 950, HORIZON], fill=(205, 195, 170))
    draw.polygon([(230, 200), (600, 90), (970, 200)], fill=(190, 180, 155))
    for cx in range(300, 920, 100):
        draw.rectangle([cx, 220, cx + 30, HORIZON - 20], fill=(230, 222, 200))
    draw.rectangle([555, 330, 645, HORIZON - 20], fill=(90, 60, 40))
    for step in range(3):
        draw.rectangle(
            [230 - step * 20, HORIZON - 20 + step * 12, 970 + step * 20, HORIZON - 8 + step * 12],
            fill=(180, 172, 155),
        )


def _allotment(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    """Rows of vegetable beds, canes and a shed."""
    _sky(draw, (140, 190, 235), (220, 235, 245), 300)
    draw.rectangle([0, 300, SIZE[0], SIZE[1]], fill=(105, 80, 55))
    for row, y in enumerate(range(330, SIZE[1], 70)):
        draw.rectangle([0, y, SIZE[0], y + 40], fill=(70, 120 + row * 8, 60))
        for x in range(30 + row * 11, SIZE[0], 60):
            draw.ellipse([x, y + 5, x + 30, y + 35], fill=(50, 140, 60))
    for x in range(700, 860, 30):
        draw.line([(x, 250), (x + 15, 330)], fill=(150, 120, 70), width=4)
    draw.rectangle([920, 200, 1100, 330], fill=(110, 75, 45))
    draw.polygon([(905, 205), (1010, 150), (1115, 205)], fill=(70, 60, 55))
    draw.rectangle([990, 250, 1030, 330], fill=(60, 40, 25))


def _hall(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    """A long brick hall with tall arched windows and wide doors (a depot or a market hall)."""
    _sky(draw, (160, 190, 220), (230, 235, 240))
    _ground(draw, (125, 120, 115))
    draw.rectangle([120, 190, 1080, HORIZON], fill=(160, 80, 55))
    draw.polygon([(100, 195), (600, 80), (1100, 195)], fill=(90, 90, 100))
    for wx in range(170, 1040, 130):
        draw.rectangle([wx, 250, wx + 70, 360], fill=(220, 215, 190))
        draw.pieslice([wx, 215, wx + 70, 285], 180, 360, fill=(220, 215, 190))
    for dx in (300, 520, 740):
        draw.rectangle([dx, 380, dx + 150, HORIZON], fill=(70, 90, 80))


def _river(draw: ImageDraw.ImageDraw, rng: Random, bridge: bool = False) -> None:
    _sky(draw, (170, 200, 230), (230, 238, 242), 330)
    draw.rectangle([0, 330, SIZE[0], SIZE[1]], fill=(85, 130, 70))
    draw.polygon([(0, 430), (SIZE[0], 400), (SIZE[0], 600), (0, 640)], fill=(70, 115, 145))
    for wave in range(440, 600, 24):
        draw.line([(0, wave + 20), (SIZE[0], wave - 10)], fill=(95, 140, 170), width=2)
    for _ in range(9):
        tx = rng.randint(20, SIZE[0] - 60)
        draw.rectangle([tx + 18, 300, tx + 28, 380], fill=(90, 65, 45))
        draw.ellipse([tx - 20, 220, tx + 70, 320], fill=(45, 100, 55))
    if bridge:
        draw.rectangle([0, 330, SIZE[0], 370], fill=(175, 165, 150))
        for ax in (150, 500, 850):
            draw.rectangle([ax - 30, 370, ax + 230, 520], fill=(175, 165, 150))
            draw.ellipse([ax, 400, ax + 200, 640], fill=(70, 115, 145))
        draw.rectangle([0, 320, SIZE[0], 330], fill=(120, 110, 100))
    else:
        draw.rectangle([0, 500, SIZE[0], 512], fill=(200, 210, 215))
        draw.ellipse([560, 455, 640, 490], fill=(80, 55, 35))
        draw.ellipse([630, 445, 665, 475], fill=(80, 55, 35))


def _weir(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    """A tree-lined river at a weir, an otter's head above the water."""
    _river(draw, rng)


def _bridge(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    """A stone bridge of three arches over the river."""
    _river(draw, rng, bridge=True)


def _school(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    """A primary school behind its railings and gate, a lamp post at the kerb."""
    _sky(draw, (150, 195, 235), (225, 235, 245))
    _ground(draw, (110, 110, 115))
    draw.rectangle([200, 240, 1000, HORIZON - 40], fill=(190, 120, 80))
    for wx in range(240, 960, 110):
        for wy in (270, 350):
            draw.rectangle([wx, wy, wx + 70, wy + 50], fill=(230, 235, 240))
    draw.rectangle([0, HORIZON - 40, SIZE[0], HORIZON], fill=(100, 150, 80))
    for rx in range(0, SIZE[0], 18):
        if not 520 < rx < 680:
            draw.line([(rx, HORIZON - 60), (rx, HORIZON + 10)], fill=(30, 60, 40), width=4)
    draw.line([(0, HORIZON - 55), (SIZE[0], HORIZON - 55)], fill=(30, 60, 40), width=4)
    draw.rectangle([1080, 250, 1090, HORIZON + 40], fill=(60, 60, 65))
    draw.rectangle([1060, 240, 1110, 255], fill=(60, 60, 65))
    draw.rectangle([1072, 320, 1098, 350], fill=(240, 240, 240))
    for px in (560, 600, 640):
        draw.ellipse([px - 8, 540, px + 8, 556], fill=(90, 60, 45))
        draw.rounded_rectangle([px - 11, 556, px + 11, 600], radius=5, fill=(40, 90, 160))


def _cinema(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    """An old cinema front: a lit canopy over the doors, a tall sign and posters."""
    _sky(draw, (40, 50, 95), (110, 100, 140))
    _ground(draw, (70, 70, 75))
    draw.rectangle([250, 120, 950, HORIZON], fill=(215, 200, 170))
    draw.rectangle([560, 40, 640, 320], fill=(170, 40, 45))
    for ly in range(60, 300, 48):
        draw.ellipse([582, ly, 618, ly + 36], fill=(250, 220, 120))
    draw.polygon([(260, 330), (940, 330), (900, 380), (300, 380)], fill=(170, 40, 45))
    for bx in range(300, 900, 40):
        draw.ellipse([bx, 335, bx + 14, 349], fill=(250, 230, 140))
    for dx in (420, 530, 640):
        draw.rectangle([dx, 390, dx + 90, HORIZON], fill=(80, 50, 40))
    for px in (290, 830):
        draw.rectangle([px, 390, px + 80, 460], fill=(60, 110, 160))


def _terrace(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    """A row of terraced houses, each with a door, a chimney and a cover in the road."""
    _sky(draw, (160, 195, 230), (230, 236, 242))
    _ground(draw, (95, 95, 100))
    for n, x in enumerate(range(0, SIZE[0], 150)):
        draw.rectangle([x, 230, x + 148, HORIZON], fill=(165, 90, 65) if n % 2 else (175, 100, 70))
        draw.rectangle([x + 95, 175, x + 120, 230], fill=(140, 75, 55))
        draw.rectangle([x + 20, 260, x + 70, 320], fill=(230, 230, 220))
        draw.rectangle([x + 20, 360, x + 70, 420], fill=(230, 230, 220))
        draw.rectangle([x + 90, 370, x + 130, HORIZON], fill=(40, 70, 110))
        draw.ellipse([x + 50, 560, x + 100, 585], fill=(60, 60, 60))
    draw.polygon([(0, 230), (SIZE[0], 230), (SIZE[0], 200), (0, 200)], fill=(80, 80, 95))


def _tree(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    """A broad old tree in a park, with a bench for scale."""
    _sky(draw, (150, 195, 235), (225, 238, 245))
    _ground(draw, (100, 150, 80))
    draw.polygon(
        [(560, HORIZON + 20), (590, 250), (660, 250), (700, HORIZON + 20)], fill=(95, 70, 50)
    )
    for _ in range(40):
        cx, cy = rng.randint(380, 880), rng.randint(80, 300)
        r = rng.randint(50, 90)
        draw.ellipse(
            [cx - r, cy - r, cx + r, cy + r],
            fill=rng.choice([(50, 110, 55), (60, 125, 60), (45, 100, 50)]),
        )
    draw.rectangle([850, HORIZON + 10, 980, HORIZON + 22], fill=(120, 90, 60))
    draw.rectangle([860, HORIZON + 22, 870, HORIZON + 50], fill=(60, 60, 60))
    draw.rectangle([960, HORIZON + 22, 970, HORIZON + 50], fill=(60, 60, 60))


def _lido(draw: ImageDraw.ImageDraw, rng: Random) -> None:
    """An open-air pool with lane ropes, a diving board and changing huts."""
    _sky(draw, (120, 185, 240), (210, 232, 248), 260)
    draw.rectangle([0, 260, SIZE[0], SIZE[1]], fill=(230, 225, 210))
    for hx in range(40, SIZE[0], 120):
        draw.rectangle(
            [hx, 180, hx + 100, 260],
            fill=rng.choice([(220, 90, 80), (70, 140, 200), (240, 200, 80)]),
        )
    draw.rectangle([120, 320, 1080, 640], fill=(60, 170, 215))
    for lane in range(380, 640, 64):
        draw.line([(120, lane), (1080, lane)], fill=(240, 240, 240), width=4)
    draw.rectangle([1040, 290, 1140, 306], fill=(245, 245, 245))
    draw.rectangle([1120, 306, 1134, 330], fill=(150, 150, 150))


SCENES = {
    "street": _street,
    "bus": _bus,
    "swifts": _swifts,
    "silo": _silo,
    "harbour": _harbour,
    "library": _library,
    "allotment": _allotment,
    "hall": _hall,
    "weir": _weir,
    "bridge": _bridge,
    "school": _school,
    "cinema": _cinema,
    "terrace": _terrace,
    "tree": _tree,
    "lido": _lido,
}


def draw(scene: str) -> bytes:
    image = Image.new("RGB", SIZE, (255, 255, 255))
    SCENES[scene](ImageDraw.Draw(image), Random(scene))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()
