"""Every demo story's picture shows what the story is about (the Regent cinema story showed
swifts over a church tower, the heat-network story a night bus: the older stories took the
drawn scenes in turn, whatever they were about)."""

from __future__ import annotations

import pytest

from masthead.articles.models import Article
from masthead.dashboard import demo as dashboard_demo
from masthead.demo import loader, photos

pytestmark = pytest.mark.django_db

# What each story is about, read from its text, and the drawn scene that shows it.
KIND_OF_STORY = {
    "market-street": "street",  # a shopping street closed to cars
    "night-buses": "bus",
    "swifts": "swifts",  # swifts nesting in church towers
    "sand-battery": "silo",  # a steel silo of sand
    "ferries": "harbour",  # a shipyard's order
    "library-hours": "library",
    "allotments": "allotment",
    "tram-depot": "hall",  # a brick depot made into workshops
    "bakery": "street",  # a shop on Fore Street
    "river-otters": "weir",  # otters on the river near the weir
    "air-sensors": "school",  # sensors at a school gate
    "school-streets": "school",
    "fore-street-bridge": "bridge",
    "market-hall": "hall",
    "regent-cinema": "cinema",
    "heat-pumps": "terrace",  # terraced houses sharing a heat network
    "old-trees": "tree",
    "swimming-pool": "lido",
}
# A word of the story that its caption names, so the caption is about this story too.
CAPTION_NAMES = {
    "library-hours": "library",
    "allotments": "allotment",
    "tram-depot": "tram depot",
    "bakery": "bakery",
    "river-otters": "otters",
    "air-sensors": "sensors",
    "school-streets": "school",
    "fore-street-bridge": "bridge",
    "market-hall": "market hall",
    "regent-cinema": "Regent",
    "heat-pumps": "heat network",
    "old-trees": "trees",
    "swimming-pool": "lido",
}


def test_each_demo_story_shows_the_picture_of_what_it_is_about_with_its_own_caption():
    loader.load_articles(lambda line: None)
    dashboard_demo._archive_articles()
    scene_of_image = {photos.draw(scene): scene for scene in photos.SCENES}
    shown = {}
    for article in Article.objects.filter(import_key__startswith="demo:"):
        with article.photo.open("rb") as handle:
            shown[article.import_key.removeprefix("demo:")] = scene_of_image.get(handle.read())
        key = article.import_key.removeprefix("demo:")
        if key in CAPTION_NAMES:
            assert CAPTION_NAMES[key].lower() in article.photo_caption.lower(), key
            assert article.photo_alt.startswith("Illustration of"), key
    assert shown == KIND_OF_STORY
