"""The demo articles: written for Masthead, set in the fictional city of Eastmere."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoArticle:
    key: str
    section: str
    headline: str
    standfirst: str
    byline: str
    source: str
    hours_ago: int
    tags: tuple[str, ...]
    scene: str  # which illustration `photos.draw` makes
    caption: str
    alt: str
    body: str
    comments: str = "open"


SECTIONS = (
    ("City", "city", "Eastmere's streets, services and council."),
    ("Science", "science", "Research, climate and the natural world."),
    ("Business", "business", "Work, industry and the local economy."),
)

ARTICLES = (
    DemoArticle(
        key="market-street",
        section="City",
        headline="Eastmere council votes to close Market Street to traffic from April",
        standfirst="Cars will be barred from the city's oldest shopping street between 10am and 6pm, after a trial last summer drew twice the usual number of shoppers.",
        byline="Nadia Kowalczyk",
        source="",
        hours_ago=2,
        tags=("transport", "council", "high street"),
        scene="street",
        caption="Shoppers on Market Street during last summer's car-free trial.",
        alt="Illustration of a street of brick shopfronts with people walking in the road under a pale blue sky.",
        body="""Eastmere city council voted 31 to 12 on Tuesday night to close Market Street to cars during the day, making permanent a scheme that began as a six-week experiment.

From April 6, only buses, bicycles and delivery vans before 10am will be allowed on the street. Blue badge holders will keep access to eight parking bays at the northern end.

Council figures show footfall rose by 48% during the trial, while takings reported by the traders' association rose by 11% on the same weeks a year earlier.

## Traders divided

Not every shopkeeper welcomed the result. Some said customers who drive in from surrounding villages had stopped coming.

> People who walk to us were always going to walk. It is the ones with a boot full of shopping I worry about.
> -- Gareth Pryce, ironmonger on Market Street for 26 years

The council said it would extend the opening hours of the Riverside car park, a four-minute walk away, and cut its evening tariff to one pound.

## What happens next

Planters and benches used in the trial will be replaced with permanent fittings over the winter. A review is due twelve months after the scheme starts, and councillors can reverse the decision if footfall falls below its level before the trial.""",
    ),
    DemoArticle(
        key="night-buses",
        section="City",
        headline="Night buses return to Eastmere's outer estates after four-year gap",
        standfirst="Two routes will run hourly until 4am from next month, paid for by a levy on late-licence venues in the city centre.",
        byline="",
        source="Masthead Wire",
        hours_ago=7,
        tags=("transport", "night-time economy"),
        scene="bus",
        caption="A night bus waits at the Corn Exchange stop before its first trial run.",
        alt="Illustration of a lit double-decker bus at a stop beneath a dark blue night sky with a crescent moon.",
        body="""Night bus services to Eastmere's outer estates will return on the first Friday of next month, ending a gap that began when the previous operator withdrew the routes in 2022.

The N1 will link the city centre with Thornfield and the hospital, and the N2 will serve Ashby Park and the retail park, each leaving the Corn Exchange on the hour.

## Who pays

The service will cost about 380,000 pounds a year. Around two-thirds will come from a levy on bars and clubs licensed to open after midnight, with the rest from fares.

Hospital staff on night shifts will travel free with their work pass, an arrangement the health trust said would help it fill hard-to-staff rotas.

## A trial year

The operator has agreed to run both routes for twelve months before any decision on their future. Passenger numbers will be published every quarter.""",
        comments="premoderated",
    ),
    DemoArticle(
        key="swifts",
        section="Science",
        headline="Volunteers count record number of swifts nesting in city church towers",
        standfirst="Nest boxes fitted three years ago are now used by 212 pairs, the highest count since the survey began.",
        byline="Imogen Ferreira",
        source="",
        hours_ago=20,
        tags=("wildlife", "birds", "citizen science"),
        scene="swifts",
        caption="Swifts circle the tower of St Aldhelm's church at dusk.",
        alt="Illustration of dark swift silhouettes circling a stone church tower against an orange evening sky.",
        body="""Volunteers counting swifts in Eastmere this summer recorded 212 nesting pairs, up from 140 last year, after nest boxes were fitted inside the louvres of five church towers.

Swifts spend almost their whole lives in the air and land only to breed, returning each May from Africa to the same nest sites. Many traditional sites in old roofs have been lost as buildings are renovated.

## Counting at dusk

About sixty volunteers watched the towers on still evenings in June and July, counting birds as they entered the boxes. Each tower was watched at least four times.

> The screaming parties over the rooftops in July are the best proof you could want that the boxes work.
> -- Dr Ruth Adeyemi, who coordinates the survey

## Boxes in new homes

The city council now asks developers to build swift bricks into new housing. Around 900 have been fitted in the past two years, though few are occupied yet, since young swifts take several seasons to choose a site.""",
    ),
    DemoArticle(
        key="sand-battery",
        section="Science",
        headline="University tests sand store that keeps summer heat for winter",
        standfirst="A steel silo holding 400 tonnes of sand is heating a student residence with energy from solar panels collected months earlier.",
        byline="Tom Okonjo",
        source="",
        hours_ago=30,
        tags=("energy", "research"),
        scene="silo",
        caption="The heat store beside the Beech Hall residence on the university's north campus.",
        alt="Illustration of a tall grey cylindrical silo next to a low building with solar panels under a clear sky.",
        body="""Engineers at Eastmere University have begun heating a 300-bed student residence from a silo of sand warmed by solar panels during the summer.

Electricity from the panels drives heating elements buried in the sand, raising its temperature to about 500 degrees Celsius. In winter, air pumped through pipes in the store carries the heat into the residence's hot water system.

## Losing little heat

The team said the store had lost about 12% of its heat between August and November, thanks to a thick layer of rock wool around the silo.

Sand is cheap and does not degrade with repeated heating, which makes it attractive for storing energy over long periods, though it is far bulkier than a chemical battery.

## Next steps

If the trial meets its targets, the university plans a store four times larger to serve the whole north campus by 2029.""",
        comments="closed",
    ),
    DemoArticle(
        key="ferries",
        section="Business",
        headline="Eastmere shipyard wins order for three hydrogen-powered ferries",
        standfirst="The contract, worth about 95 million pounds, secures work for the yard's 600 staff until at least 2029.",
        byline="",
        source="Masthead Wire",
        hours_ago=44,
        tags=("shipbuilding", "jobs", "energy"),
        scene="harbour",
        caption="Cranes above the slipway at Eastmere's Quayside yard.",
        alt="Illustration of a ship between two yellow harbour cranes on calm water at sunrise.",
        body="""Eastmere's Quayside shipyard has won an order for three passenger ferries powered by hydrogen fuel cells, the largest contract in its 140-year history.

The vessels, each carrying up to 250 passengers and 40 cars, will serve island routes off the west coast and replace diesel ships built in the 1990s.

## Apprentices wanted

The yard said it would take on 45 apprentices over the next two years, many of them to train as electrical engineers for the fuel-cell systems.

> We have built ships here for five generations. This order means there will be a sixth.
> -- Karen Whitlock, managing director of Quayside

## Fuel still to be found

The ferries will need a steady supply of green hydrogen at their home ports. The ferry operator said it was in talks with two producers and expected to sign a supply agreement next year.""",
    ),
)


@dataclass(frozen=True)
class Picture:
    scene: str  # which illustration `photos.draw` makes
    caption: str
    alt: str


# The pictures of the older stories the moderation history hangs on (their text is in
# masthead/dashboard/demo.py's ARCHIVE), by story key: each drawn for its own story.
ARCHIVE_PICTURES = {
    "library-hours": Picture(
        "library",
        "The central library, which will open on Sunday afternoons from next month.",
        "Illustration of a pale stone library with columns and wide steps up to its door.",
    ),
    "allotments": Picture(
        "allotment",
        "Beds and bean canes at one of the council's allotment sites.",
        "Illustration of rows of green vegetable beds, bean canes and a wooden shed.",
    ),
    "tram-depot": Picture(
        "hall",
        "The old tram depot on Quarry Lane, to be split into forty workshops.",
        "Illustration of a long brick hall with tall arched windows and three wide doors.",
    ),
    "bakery": Picture(
        "street",
        "Fore Street, where Hadley's bakery has traded for 38 years.",
        "Illustration of a street of brick shopfronts with people walking past.",
    ),
    "river-otters": Picture(
        "weir",
        "The Eastmere river at the weir, where the camera traps recorded the otters.",
        "Illustration of a tree-lined river at a weir, with an otter's head above the water.",
    ),
    "air-sensors": Picture(
        "school",
        "Hollins Park primary, where pupils fixed their sensors to the lamp posts.",
        "Illustration of a brick primary school behind green railings, a lamp post carrying "
        "a small white box at the kerb.",
    ),
    "school-streets": Picture(
        "school",
        "A school gate at drop-off time, where the street will close to cars.",
        "Illustration of a brick primary school behind green railings, children at the gate.",
    ),
    "fore-street-bridge": Picture(
        "bridge",
        "The Fore Street bridge, which closes for eight weeks of repairs.",
        "Illustration of a stone bridge of three arches over a tree-lined river.",
    ),
    "market-hall": Picture(
        "hall",
        "The covered market hall, whose traders have agreed new rents.",
        "Illustration of a long brick hall with tall arched windows and three wide doors.",
    ),
    "regent-cinema": Picture(
        "cinema",
        "The Regent on Castle Street, now owned by 1,300 of its audience.",
        "Illustration of an old cinema front at dusk, a lit canopy over its doors and a tall "
        "red sign.",
    ),
    "heat-pumps": Picture(
        "terrace",
        "Alder Row, whose thirty-two terraced homes share one heat network under the road.",
        "Illustration of a row of brick terraced houses with chimneys, covers in the road.",
    ),
    "old-trees": Picture(
        "tree",
        "One of the old trees the volunteers measured in Eastmere's parks.",
        "Illustration of a broad old tree in a park, a bench beside it.",
    ),
    "swimming-pool": Picture(
        "lido",
        "The open-air lido, which reopens in May after its basin was relined.",
        "Illustration of an open-air pool with lane ropes, a diving board and coloured huts.",
    ),
}
