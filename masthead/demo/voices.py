"""What the demo's readers write under each story, keyed by the story's demo key.

The moderation history (`masthead.dashboard.demo`) draws its comments from here, each text at
most once per story, so every thread reads like talk about that story and no reader repeats
another. A story's lines are sorted by what the moderators' history does with them:

- `good`: civil and on the subject (published, or held first on a pre-moderated story);
- `robust`: blunt but fair criticism that the checks hold as an insult and a moderator lets
  through; `(text, the words the checks highlight)`;
- `rude`: rude but mild, published because it scores just under the abuse threshold, and
  taken down if a moderator meets it in the audit sample; `(text, the reason it was missed)`;
- `insult`: a real personal attack on someone in the story; `(text, highlighted words)`;
- `aside`: about the story's place or people, but flagged as off the subject; approved.

Comments that have nothing to do with any story (a lost cat, adverts) are shared by all
stories and live in the history's own pools.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Voices:
    good: tuple[str, ...]
    robust: tuple[tuple[str, str], ...]
    rude: tuple[tuple[str, str], ...]
    insult: tuple[tuple[str, str], ...]
    aside: tuple[str, ...]

    def publishable(self) -> frozenset[str]:
        """Every text of this story's that may end up published (by the checks or a
        moderator): all but the real insults."""
        return frozenset(
            [
                *self.good,
                *(text for text, _ in self.robust),
                *(text for text, _ in self.rude),
                *self.aside,
            ]
        )


VOICES: dict[str, Voices] = {
    # The front-page stories (masthead/demo/content.py).
    "market-street": Voices(
        good=(
            "Deliveries only before 10am sounds tight for the florist and the butcher. Will "
            "there be any exceptions for late drops?",
            "I cycle along Market Street to work. Glad bicycles are still allowed, but a "
            "reminder to ride slowly among shoppers would not hurt.",
            "Thirty-one to twelve is a clear vote. I hope the twelve who voted against say "
            "what would change their minds at the review.",
            "The benches in the trial were always full. Please keep some shade when the "
            "permanent ones go in.",
            "Does the ban cover taxis? My neighbour relies on one to get to the dentist on "
            "Market Street.",
            "A one pound evening tariff at Riverside is a good move. It is the daytime price "
            "that puts people off, though.",
            "I was against the trial at first. Six weeks of it changed my mind, mostly "
            "because the cafe terraces were so much quieter.",
            "The article says buses keep access, but the number 14 was diverted during the "
            "trial. Is it coming back to Market Street?",
        ),
        robust=(
            (
                "Opening the street to cars again at six is a daft compromise; the evening "
                "trade is exactly where the space would help.",
                "daft",
            ),
        ),
        rude=(
            (
                "Whoever dreamt up the Market Street scheme has never carried a heavy bag "
                "in their life. Useless, the lot of them.",
                "abusive",
            ),
        ),
        insult=(("The councillors who voted for this are a bunch of clowns.", "bunch of clowns"),),
        aside=(
            "Slightly off the point, but the Saturday market on the square deserves the "
            "same treatment as Market Street.",
        ),
    ),
    "night-buses": Voices(
        good=(
            "My daughter works nights at the hospital and has paid for taxis for years. Free "
            "travel with her pass will save her a fortune.",
            "Hourly is better than nothing, but miss the 3am bus by a minute and you wait an "
            "hour in the cold. Will the stops have shelters?",
            "Good that passenger numbers will be published every quarter. Please report them "
            "here when they are.",
            "Is the levy the same for a small bar as for the big clubs? That seems hard on "
            "places that close at half twelve.",
            "The old N3 went out to Fenby as well. Any chance it comes back if these two "
            "routes do well?",
            "When the routes went in 2022 people walked home along the ring road in the "
            "dark. This is overdue.",
            "Will the drivers have a safety screen? Late buses need one.",
            "Worth saying that a third of the cost still comes from fares, so the buses need "
            "people to actually use them.",
        ),
        robust=(
            (
                "Making the venues pay is a lazy tax on the one part of town still busy at night.",
                "lazy tax",
            ),
        ),
        rude=(
            ("Typical council, sticking the bars with the bill again. Hopeless bunch.", "abusive"),
        ),
        insult=(("Anyone running this night bus scheme is a complete idiot.", "complete idiot"),),
        aside=(
            "Not quite the story, but the day buses to Thornfield are just as unreliable and "
            "need looking at too.",
        ),
    ),
    "swifts": Voices(
        good=(
            "We have had a pair under our eaves on Cob Lane for three summers. The screaming "
            "parties at dusk are the best part of July.",
            "How do the volunteers tell a nesting pair from a bird just looking round a box? "
            "One visit inside seems easy to miscount.",
            "Nine hundred swift bricks and few occupied yet is not a failure. As the article "
            "says, young birds take years to settle on a site.",
            "Could the count include St Mary's? Its tower has no boxes and I see swifts "
            "around it every evening.",
            "I counted at St Aldhelm's last year. Still evenings are rare in June, so four "
            "visits per tower is more work than it sounds.",
            "Do developers have to fit the swift bricks, or is it only a request? The article "
            "makes it sound voluntary.",
            "From 140 to 212 pairs in a year is a big jump. Is some of that better counting "
            "rather than more birds?",
            "Lovely story. How do I join the count next summer?",
        ),
        robust=(
            (
                "Spending church repair money on nest boxes would be daft while the roofs "
                "leak, whatever the bird count says.",
                "daft",
            ),
        ),
        rude=(
            (
                "People who fuss over swifts while the church roofs leak need their heads "
                "examining.",
                "insult",
            ),
        ),
        insult=(("Only a moron would get this excited about a few birds in a tower.", "moron"),),
        aside=(
            "A bit off topic, but the house martins have gone from our street entirely. Is "
            "anyone counting those?",
        ),
    ),
    "ferries": Voices(
        good=(
            "My grandfather riveted hulls at Quayside. Good to read that there will be a "
            "sixth generation.",
            "Forty-five apprentices is great news. Are the places open to adults changing "
            "career, or only to school leavers?",
            "The order is welcome, but there is no fuel deal signed yet. What happens if the "
            "hydrogen is not there when the first ferry is launched?",
            "Where would the green hydrogen come from? The article mentions two producers "
            "but not whether either is local.",
            "The diesel ferries on those routes break down every winter, so the islanders "
            "will be glad of new boats whatever drives them.",
            "Has the yard built anything with fuel cells before, or is this a first?",
            "Ninety-five million for three ferries seems cheap for new technology. Is that "
            "price fixed?",
            "Good for the yard. The 600 jobs also keep a lot of cafes and shops near the "
            "quay going.",
            "Islanders have waited years for new boats. I hope the timetable improves with them.",
            "Will the ferries be built in Eastmere from start to finish, or will parts of the "
            "hulls come from abroad?",
            "Good to see the yard in the news for the right reasons after "
            "the layoffs a few years ago.",
        ),
        robust=(
            (
                "Hydrogen ferries are a vanity project and the fuel plans look idiotic to me.",
                "idiotic",
            ),
        ),
        rude=(
            (
                "The yard's bosses will take the money and run, as usual. Useless lot.",
                "abusive",
            ),
        ),
        insult=(("Whoever signed off hydrogen ferries is a clown and a liar.", "clown"),),
        aside=(
            "Not about the ferries as such, but the road to the quay needs resurfacing "
            "before more lorries use it.",
        ),
    ),
    # The older stories the history hangs on (masthead/dashboard/demo.py, ARCHIVE).
    "library-hours": Voices(
        good=(
            "Sunday afternoons are the only time I can take the children. This will make a "
            "real difference to us.",
            "Noon to five is sensible. Opening at ten would mostly have served an empty building.",
            "Credit to the Friends for raising the money. How much do the extra staff hours cost?",
            "Will the study rooms be open on Sundays too, or only the lending floor? "
            "Students would use them.",
            "I hope the staff on the Sunday shifts chose to do them and are paid properly "
            "for weekend work.",
            "Counting visitors is a blunt measure. Plenty of people come in to use the "
            "computers and never borrow a book.",
            "Our branch library in Hollins Park stopped opening on Saturdays last year. The "
            "branches deserve some attention too.",
            "Two years is long enough to judge it fairly. Too many trials here are dropped "
            "after six months.",
            "My mother reads large-print books and could only go on weekdays while I am at "
            "work. Sunday visits together will be lovely.",
            "For the record, since some people have it wrong: the article says the Friends pay for"
            " the staff hours, not the council.",
            "Will the cafe on the ground floor open on Sundays as well? It would make an "
            "afternoon of it.",
            "When the council decides in the second year, will it publish the visitor "
            "numbers so we can see for ourselves?",
            "Will the children's story time run on Sundays too? That would fill the place.",
            "I work Saturdays, so Sunday is my only free day. This is the first time in years I "
            "can use the library properly.",
            "Five hours a week for two years is not a huge cost. "
            "Other towns manage Sunday opening without a charity paying.",
            "Will the returns box be emptied on Sundays, or will books sit in it until Monday?",
            "I joined the Friends last year for the book sales. Glad to see the money going on "
            "something like this.",
        ),
        robust=(
            (
                "Asking a charity to pay for the library's opening hours is a daft way to "
                "run a public service.",
                "daft",
            ),
            (
                "The council leaning on the Friends' money is feeble, in my view, though I "
                "am glad of the hours.",
                "feeble",
            ),
            (
                "Opening on Sundays while the branches close early is a daft set of priorities.",
                "daft",
            ),
        ),
        rude=(
            (
                "The people running our libraries should be ashamed it took a charity to "
                "get this done.",
                "insult",
            ),
            ("Typical of the library bosses. Useless, as always.", "abusive"),
        ),
        insult=(
            (
                "Anyone who thinks the library needs Sunday opening is a pathetic fool.",
                "pathetic fool",
            ),
        ),
        aside=(
            "Slightly off the point, but the reading room's heating has been broken since October.",
            "Not quite the story, but the library car park closes at five and the meters still "
            "charge until six.",
        ),
    ),
    "allotments": Voices(
        good=(
            "A full plot was too much for me anyway. Half a plot is the right size for "
            "someone who works.",
            "I waited four years for mine. Good to hear the list is finally moving.",
            "Did anyone lose half a plot against their wishes, or were only the neglected "
            "ones split?",
            "New water troughs at Fenby Road are long overdue. We carry cans from the gate "
            "in August.",
            "Half the rent for half the plot is fair. Does the discount for pensioners "
            "still apply?",
            "A shared tool shed sounds good until the first time something goes missing. "
            "Who will look after it?",
            "Our site has three plots that have not been dug in two years. Freeing those "
            "would help too.",
            "The list was over 400 names. How many are still waiting after this?",
            "A correction for anyone worried: only the largest plots are being split, not "
            "every plot on the site.",
            "Growing your own is cheaper and good for the head. More of this, please.",
            "Are there raised beds for people who cannot kneel? That would open the list to "
            "more people.",
            "I hope the new tenants get some advice in their first season. Plenty give up by July.",
            "My neighbour gave up her plot because it was too big to manage after her hip "
            "operation. A half plot would have kept her going.",
            "Will the new tenants get any help "
            "clearing the ground? Some of those plots are brambles to the shoulder.",
            "A shared tool shed means new growers need not spend a fortune before their first "
            "crop. Good idea.",
            "Is the Fenby Road site getting a toilet at last? It is a long morning without one.",
            "Do schools get plots? Our primary would love one for the children.",
        ),
        robust=(
            ("Halving plots to shorten a list is a daft fix; more land is the answer.", "daft"),
            ("The council's allotment figures have always been feeble.", "feeble"),
            (
                "Splitting plots without asking the old hands is a feeble way to consult.",
                "feeble way",
            ),
        ),
        rude=(
            (
                "The allotment office should be ashamed of how long they left people waiting.",
                "insult",
            ),
            ("Typical of the parks department. Useless, the whole pack of them.", "abusive"),
        ),
        insult=(("The allotment officer is a clown and a liar.", "clown"),),
        aside=(
            "Not quite the story, but the gate at the Hollins Park allotments has been "
            "broken since the summer.",
            "Off the subject, but the bus to the Fenby Road allotments stopped running on Sundays "
            "in the spring.",
        ),
    ),
    "tram-depot": Voices(
        good=(
            "180 pounds a month is within reach for someone starting out. Is that for the "
            "smallest unit only?",
            "I walked past the depot for years wondering why nobody used it. Good to see "
            "the brick building kept rather than knocked down.",
            "The shared machines are the clever part. Nobody starting a furniture business "
            "can afford a panel saw of their own.",
            "What about noise? Houses back onto Quarry Lane, and a print studio and a saw "
            "both make a racket.",
            "Monthly rents are flexible, but makers need some security before moving a "
            "whole workshop. Are longer leases offered?",
            "I hope the bicycle repairer opens to the public. The nearest one now is across "
            "the river.",
            "Is there room for vans? Makers need to load and unload, and Quarry Lane is narrow.",
            "My home town did the same with an old mill. It took two years to fill, then "
            "had a waiting list.",
            "For anyone confused, as I was: the depot has been empty since 2019, but trams "
            "stopped running from it long before that.",
            "Will there be an open day? I would like to see inside the hall after all these years.",
            "Who owns the building, and how long does the operator's lease run?",
            "Forty units on one site could become a proper makers' quarter if a cafe opens "
            "alongside.",
            "The depot's roof lights make it a lovely space to work in. I was shown round before "
            "it closed.",
            "Will any of the units go to people leaving college? A lower first-year "
            "rent would help them most.",
            "Shared machines need someone trained to look after them. Is there a workshop manager?",
            "The print studio already has a following at the Saturday market. Good to see it get a"
            " proper home.",
            "I hope the old tram rails in the yard are kept. They are part of the town's story.",
        ),
        robust=(
            (
                "Renting out a building like the depot by the month is a daft way to treat it.",
                "daft",
            ),
            (
                "The rents look idiotic next to what the council charges its own tenants.",
                "idiotic",
            ),
            ("Letting out forty units with no parking is a feeble bit of planning.", "feeble"),
        ),
        rude=(
            (
                "The people behind the depot scheme should be ashamed to show their faces on "
                "Quarry Lane.",
                "insult",
            ),
            ("Typical of the developers in this town. Useless, as always.", "abusive"),
        ),
        insult=(("The developer behind the depot is a clown and a liar.", "clown"),),
        aside=(
            "Not about the depot itself, but the street lights on Quarry Lane have been out "
            "for weeks and it is grim at night.",
            "A little off topic, but the bus that used to stop at the end of Quarry Lane was cut "
            "last year.",
        ),
    ),
    "bakery": Voices(
        good=(
            "Hadley's sourdough is the best in town. Glad the recipe stays with the people "
            "who bake it.",
            "Employee ownership suits a business this size. The staff know the trade better "
            "than any buyer would.",
            "Ten years of paying out of profits is a long time. What happens if trade drops?",
            "I have queued outside Hadley's on Saturdays since I was a boy. Good to know the "
            "queue is safe.",
            "Will the early opening stay? The 6am bread is why I go there before my shift.",
            "Thirty-eight years of getting up at four. The retiring owners deserve a long lie-in.",
            "Does every member of staff get an equal share, or does it depend on how long "
            "they have worked there?",
            "Worth being precise: the staff do not own the shares directly; a "
            "trust holds them on their behalf.",
            "It would be good to see more family firms on Fore Street sold this way rather "
            "than to chains.",
            "Will they take on apprentices? Bakers are hard to find now.",
            "I hope they keep the prices sensible. Bread has gone up a lot everywhere this year.",
            "Lovely story. A follow-up in a year, in the staff's own words, would be good.",
            "The staff were the ones getting up at four anyway. It is only right they share in the"
            " profits.",
            "Are the retiring owners staying on to help for a while? Thirty-eight years "
            "of know-how is a lot to hand over.",
            "I hope they keep the custard slices. My children would riot.",
            "The article says the trust pays out of profits. Is there a bank loan as well, or is "
            "it all from trading?",
            "Good to see. There is a similar trust at the printers on Mill "
            "Road and it has done well.",
        ),
        robust=(
            ("Handing a bakery to a trust is a daft gamble with ten years of profits.", "daft"),
            ("The way the sale was paid for looks feeble to me, whatever the staff say.", "feeble"),
            (
                "Ten years of repayments is a feeble plan for a shop with such thin margins.",
                "feeble plan",
            ),
        ),
        rude=(
            (
                "The owners should be ashamed, cashing out and leaving the staff with the debt.",
                "insult",
            ),
            (
                "Anyone who thinks the staff can run Hadley's deserves what they get, frankly.",
                "abusive",
            ),
        ),
        insult=(("Only a moron would pay ten years of profits for a bread shop.", "moron"),),
        aside=(
            "A bit off topic, but the loading bay on Fore Street is always blocked by cars "
            "in the morning.",
            "Slightly off the point, but parking on Fore Street is a nightmare on Saturday "
            "mornings.",
        ),
    ),
    "river-otters": Voices(
        good=(
            "Wonderful news. My father fished that stretch in the seventies and never saw one.",
            "Will the trust share the camera footage? I would love to show my class.",
            "I walk my dog along there every morning. Happy to keep to the eastern path if "
            "it means the otters stay.",
            "Which culverts were opened up? The one by the old gasworks was a dreadful eyesore.",
            "Are the cubs at risk from the weir itself when the river is high?",
            "The water is cleaner because the sewage overflows were fixed, which took years "
            "of pressure from residents. Worth saying.",
            "I am sure I saw one near the footbridge in March and nobody believed me.",
            "Please do not publish the exact spot. People with cameras can disturb them as "
            "much as dogs.",
            "Does the trust need volunteers to check the cameras? I would be glad to help.",
            "Before anglers worry about their stocks: a family of otters eats far "
            "less than people think.",
            "How do the anglers feel about this? Some will worry about their stocks.",
            "Three nights in a row suggests a holt nearby. Will the trust protect that bank?",
            "The camera traps were paid for by the trust's members, I believe. Worth joining if "
            "you want more of this.",
            "Kingfishers are back near the weir too. Something is clearly "
            "going right with that river.",
            "Will the trust put up signs about keeping dogs on the path? A lot of people will not "
            "read the article.",
            "My children would love a guided walk along the bank. Does the trust run any?",
            "I hope the council keeps up the work on the culverts. The upstream ones still need "
            "attention.",
        ),
        robust=(
            (
                "Telling dog walkers where to go is a daft overreaction to three nights of video.",
                "daft",
            ),
            (
                "The trust's claims about cleaner water are laughable while the overflows "
                "still run after heavy rain.",
                "laughable",
            ),
            (
                "Asking dog walkers to keep to one bank is a feeble rule nobody will enforce.",
                "feeble rule",
            ),
        ),
        rude=(
            (
                "The river trust should be ashamed, lecturing dog owners like children.",
                "insult",
            ),
            ("Useless, the whole river trust. Otters now, fences next, as always.", "abusive"),
        ),
        insult=(("Only a moron would believe those otter pictures are real.", "moron"),),
        aside=(
            "A little off topic, but the towpath by the weir floods every winter and needs "
            "raising.",
            "Off topic, but the footbridge by the weir has a broken handrail and needs fixing.",
        ),
    ),
    "air-sensors": Voices(
        good=(
            "Brilliant project. The pupils have shown in one term what the council has not "
            "measured in years.",
            "The morning peak is no surprise to anyone who walks past at 8.45. It is worst "
            "when cars sit idling by the gate.",
            "Will the pupils share the data online? I would like to see the street by "
            "street figures.",
            "Were the sensors out in cold weather too? Pollution is usually worse on still "
            "winter mornings.",
            "Good that the university checked them against its own monitor. That answers "
            "the obvious doubt.",
            "My son built one of these. He now tells me off for leaving the engine running.",
            "Small correction to what I have heard at the gate: the sensors measured nitrogen "
            "dioxide, not dust, so they say nothing about particles.",
            "What will the school do with the results? A school street would be the natural "
            "next step.",
            "A term is a short time. It would be worth repeating next year to see whether "
            "anything changes.",
            "How do the readings compare with the junction by the ring road?",
            "Could other schools borrow the sensors? Ours would love to try it.",
            "Credit to the teacher who organised this. Projects like this stay with children.",
            "Did the pupils also measure on a Saturday? That would show how much comes from the "
            "school run itself.",
            "The children presented their results to the governors, I hear. "
            "Good practice for them.",
            "Idling engines are the easy win here. A few signs at the gate would help.",
            "I would be interested to see the same sensors at the health centre on Hollins Road.",
            "Thirty sensors on lamp posts is quite a feat for ten-year-olds. Who paid for the "
            "parts?",
        ),
        robust=(
            (
                "Blaming parents on the strength of thirty home-made boxes is a daft conclusion.",
                "daft",
            ),
            ("The school's case looks feeble next to the lorries on the ring road.", "feeble"),
            (
                "Using a school project to lecture parents about driving is daft, in my view.",
                "daft, in my view",
            ),
        ),
        rude=(
            (
                "The teachers behind this should be ashamed, using children to lecture parents.",
                "insult",
            ),
            (
                "Anyone who believes a child's sensor deserves what they get, frankly.",
                "abusive",
            ),
        ),
        insult=(("Whoever set up these sensors is a pathetic fool.", "pathetic fool"),),
        aside=(
            "Slightly off the point, but half the street lights on Hollins Road have not "
            "worked since the winter.",
            "A bit off topic, but the pavement outside Hollins Park primary is far too narrow at "
            "home time.",
        ),
    ),
    "school-streets": Voices(
        good=(
            "Our school gate is chaos at 8.45. Forty minutes of calm would make the walk in "
            "much safer.",
            "Which five schools? The article does not name them and parents will want to know.",
            "Cutting traffic by a third at the trial schools is good, but did it simply move "
            "to the next street?",
            "Residents can still drive through, which is right, but how will anyone at the "
            "barrier tell who lives there?",
            "I drive my son because I go straight on to work across town. I hope there is "
            "somewhere nearby to drop off.",
            "At St Anne's the barrier is staffed by parent volunteers. It works, but it "
            "depends on the same four people every day.",
            "Fair play to the council. My children now scooter to school, which they never "
            "did when the road was full.",
            "Will the barriers go up in the school holidays as well, or only in term time?",
            "Before anyone worries: blue badge holders can still drive through, "
            "so disabled parents are not shut out.",
            "I would like to see air quality measured before and after, not just the "
            "traffic count.",
            "Forty minutes at each end seems about right. Any longer and deliveries to the "
            "corner shops would suffer.",
            "My street backs onto one of these schools. Nobody asked us, and I would have "
            "said yes.",
            "We walk past one of the trial schools every morning. The difference is obvious, "
            "especially for little ones on bikes.",
            "Will there be a review after a term? Parents should be able to say how it is going.",
            "The trial schools also had more children walking in, I believe. That seems the bigger"
            " win than the traffic count.",
            "What about the childminders who drop off at two schools "
            "in one morning? Forty minutes does not leave much room.",
            "I support it, but please put the barriers up on time. At the trial school they were "
            "often ten minutes late.",
        ),
        robust=(
            (
                "Closing streets for forty minutes is a daft gesture that ignores parents "
                "who work.",
                "daft",
            ),
            (
                "The figures quoted here are feeble evidence for closing five streets.",
                "feeble",
            ),
            (
                "Barriers at the school gate are a feeble answer to a road that needs a proper "
                "crossing.",
                "feeble answer",
            ),
        ),
        rude=(
            ("The busybodies behind this should be ashamed of themselves, frankly.", "insult"),
            (
                "Anyone who backs these school barriers deserves the gridlock they get.",
                "abusive",
            ),
        ),
        insult=(("The councillor pushing school streets is a pathetic fool.", "pathetic fool"),),
        aside=(
            "Not quite this story, but the crossing patrol on Hollins Road has been vacant "
            "since Easter.",
            "Slightly off the point, but the school bus from Thornfield is always full by the "
            "second stop.",
        ),
    ),
    "fore-street-bridge": Voices(
        good=(
            "Eight weeks of buses over Mill Road will add more than ten minutes at rush "
            "hour, I suspect.",
            "Better to fix the bearings now than wait until the bridge has to close without "
            "warning.",
            "Good that walkers keep a path. Will it be wide enough for wheelchairs and prams?",
            "Could the work go on at night as well, to shorten the closure?",
            "My shop is at the town end of Fore Street. Eight weeks without passing traffic "
            "will hurt.",
            "Was this bridge not resurfaced five years ago? If so, why again so soon?",
            "Will the number 6 still stop at the station during the diversion?",
            "For anyone who cycles: you can still cross, you just walk the bike along the "
            "fenced path.",
            "Please put the diversion map online before Monday. The signs last time were "
            "confusing.",
            "The bearings are as old as the bridge, so this was always going to be needed "
            "at some point.",
            "Has anyone asked how ambulances will get across? The hospital is on the other side.",
            "Eight weeks is fine if it really is eight. The last roadworks on Fore Street "
            "ran a month late.",
            "I cross the bridge on foot every day. A fenced path is fine as long as it is lit at "
            "night.",
            "Replacing the bearings before they fail is exactly what a council should do. "
            "Credit where it is due.",
            "Will the cafes on the far side get any help? Their lunch trade comes over that "
            "bridge.",
            "The diversion adds ten minutes each way. Could the buses run a little more "
            "often while it lasts?",
            "Is there a chance to widen the pavement while the deck is up?",
        ),
        robust=(
            ("Closing the main bridge for two months is a daft bit of planning.", "daft"),
            ("The council's excuses for the state of the bridge are laughable.", "laughable"),
            (
                "Eight weeks for new bearings sounds feeble; other towns do it in half the time.",
                "feeble",
            ),
        ),
        rude=(
            (
                "The highways lot should be ashamed to show their faces on Fore Street.",
                "insult",
            ),
            ("Typical of the highways department. Useless, as always.", "abusive"),
        ),
        insult=(("The engineer in charge of the bridge is a clown.", "clown"),),
        aside=(
            "Not about the bridge, but the potholes on Mill Road will not survive all those "
            "diverted buses.",
            "Off the subject, but the Mill Road junction needs a proper crossing whatever happens "
            "to the bridge.",
        ),
    ),
    "market-hall": Voices(
        good=(
            "Four per cent after six months of talks sounds like a fair result for both sides.",
            "Late opening on Thursdays is a good idea. I can never get there before it "
            "closes on a weekday.",
            "The first-year freeze for new traders might fill the empty stalls at the back "
            "of the hall.",
            "Will the hall's heating be fixed as part of this? The traders by the doors "
            "freeze all winter.",
            "My family has had the fish stall for thirty years. Four per cent is manageable; "
            "the last rise was not.",
            "Does the four per cent apply to the storage lockers too, or only the stalls?",
            "Will anyone come on Thursday evenings? It needs food stalls and some music to work.",
            "It would be good to hear from traders who did not agree. The article makes it "
            "sound unanimous.",
            "To correct what I heard in the hall: the freeze is for new traders in their first "
            "year, not for everyone.",
            "I buy my vegetables there every Saturday. Anything that keeps the stallholders "
            "going has my support.",
            "How does four per cent compare with shop rents on Market Street? That would "
            "help judge it.",
            "Six months of talks is a long time. Was there ever a risk the market would close?",
            "The Thursday late opening worked well at Christmas. It makes sense to keep it going.",
            "A freeze for new traders is smart. The hall needs younger stallholders to survive.",
            "Four per cent is below inflation, so in real terms the rent is falling. Traders did "
            "well.",
            "Will the cafe stay open until eight on Thursdays as well? Otherwise there is "
            "nowhere to sit.",
            "I would like to know how many stalls are empty right now. The article does not say.",
        ),
        robust=(
            (
                "A rent rise now is a daft way to treat the traders who kept the hall going.",
                "daft",
            ),
            ("The council's handling of these talks was feeble, whatever the result.", "feeble"),
            (
                "Talks that took six months to agree four per cent look feeble from the outside.",
                "feeble",
            ),
        ),
        rude=(
            (
                "The market bosses should be ashamed, squeezing stallholders for every penny.",
                "insult",
            ),
            ("Typical of the market office. Useless, the lot of them.", "abusive"),
        ),
        insult=(("Whoever runs the market hall is a clown and a liar.", "clown"),),
        aside=(
            "Off the subject, but the bus stop outside the market hall has no shelter and "
            "needs one.",
            "A bit off topic, but the market hall clock has been stuck at twenty past three since "
            "the summer.",
        ),
    ),
    "regent-cinema": Voices(
        good=(
            "I bought two shares for my parents, who had their first date at the Regent. "
            "The best present I have given.",
            "One vote each whatever you put in is the right way to do it.",
            "The money covers the building and the roof, but what about the projectors and "
            "the seats?",
            "Will shareholders get anything back, or is it purely to keep the place open?",
            "The Regent shows the films the multiplex will not touch. Losing it would have "
            "been a real loss.",
            "Is the share offer still open? I missed it and would still like to help.",
            "Thirteen hundred people is a lot for a town this size. It shows how much the "
            "place matters.",
            "For anyone confused: this is the Regent on Castle Street, not the old Regal "
            "that closed in the nineties.",
            "I hope they keep the Tuesday matinees. My father goes every week.",
            "Running a cinema is hard even without a landlord. What is the plan if audiences drop?",
            "Could the bar open on nights without a film? It would bring in money and keep "
            "the building busy.",
            "A happy ending for once. Well done to everyone who organised the offer.",
            "The Regent's organ is the last working one in the county. I hope the new owners keep "
            "it.",
            "One person, one vote will make the meetings lively. I look forward to arguing "
            "about the film list.",
            "Will there be more subtitled films now? The Regent was always the only place to see "
            "them.",
            "My son worked there as a projectionist. The staff care about the place, which "
            "matters more than the roof.",
            "Good news for Castle Street too. The restaurants nearby depend on the evening crowd.",
        ),
        robust=(
            (
                "Buying a crumbling cinema is a daft use of 410,000 pounds, though I wish "
                "them luck.",
                "daft",
            ),
            ("The business plan for the Regent looks feeble to me.", "feeble"),
            ("Paying 410,000 pounds for a cinema when everyone streams at home is daft.", "daft"),
        ),
        rude=(
            (
                "The old landlord should be ashamed to show his face on Castle Street.",
                "insult",
            ),
            (
                "Anyone who put money into the Regent deserves what they get, frankly.",
                "abusive",
            ),
        ),
        insult=(("Only a moron would buy shares in a cinema.", "moron"),),
        aside=(
            "Slightly off topic, but Castle Street needs better lighting now the cinema "
            "will be busy again.",
            "Off topic, but the bus stop on Castle Street needs a shelter before winter.",
        ),
    ),
    "heat-pumps": Voices(
        good=(
            "I live two streets from Alder Row. How deep are the boreholes, and did the "
            "drilling cause much disruption?",
            "The standing charge is the figure I would want to see. If it is high, the "
            "savings may not come.",
            "Who owns the network? If it is a private company, what stops the unit price "
            "rising every year?",
            "Thirty-two homes sharing one system is clever. Terraces have no room for a "
            "pump in every garden.",
            "My brother has a ground-source pump in Fenby and his bills halved. A shared "
            "one should do even better.",
            "Please come back after the first winter and report the bills. That is the real test.",
            "Did every household have to join, or could some stay on gas?",
            "A common mistake about these: ground-source pumps work in cold weather, "
            "because the ground stays at much the same temperature all year.",
            "What happens when a house is sold? Presumably the new owner is tied to the network.",
            "Old terraces leak heat. Were the homes insulated before the network was switched on?",
            "Digging up the road once for all the houses is far better than each home "
            "doing its own thing.",
            "Is the council planning more streets like this, or was Alder Row a one-off?",
            "Our street is looking at something similar. Would Alder Row residents be willing to "
            "talk to us?",
            "Noise is the usual complaint about heat pumps. With the pumps "
            "underground, is there any noise at all?",
            "The price per unit matters more than the standing charge in a cold winter. Is it "
            "fixed for a year?",
            "I hope the report on the first winter compares like with like. A "
            "mild winter would flatter anyone.",
            "Does the network also heat hot water, or is that still on each boiler?",
        ),
        robust=(
            ("Tying thirty-two families to one supplier is a daft idea, in my view.", "daft"),
            ("The claims made for this network are laughable until we see the bills.", "laughable"),
            (
                "Calling this a success before a single winter bill has arrived is feeble, "
                "in my view.",
                "feeble",
            ),
        ),
        rude=(
            (
                "The people who sold this to Alder Row should be ashamed to show their faces.",
                "insult",
            ),
            ("Anyone who falls for heat pump hype deserves what they get, frankly.", "abusive"),
        ),
        insult=(("Only a moron would dig up a road for a heat pump.", "moron"),),
        aside=(
            "Slightly off topic, but the pavements on Alder Row were never relaid properly "
            "after the drilling.",
            "Off the subject, but the bins on Alder Row have not been collected on time for weeks.",
        ),
    ),
    "old-trees": Voices(
        good=(
            "The sweet chestnut in Abbey Park is extraordinary. Good to know it is being "
            "looked after.",
            "How do volunteers age a tree by measuring its trunk? Is it reliable for every "
            "species?",
            "Will the full map be published? I would love to walk a route between the oldest ones.",
            "There is a huge oak behind the garages on Fenby Road that must be on the list. "
            "Was it surveyed?",
            "Protection from building work is the important part. Too many old trees are "
            "lost to a new driveway.",
            "My grandchildren and I helped measure trees in the churchyard. They still talk "
            "about the yew.",
            "For anyone who assumed it was only the parks: the survey counted street trees as well"
            " as park ones, so the roadside oaks are included.",
            "Do private gardens count? Some of the oldest trees in town are behind houses.",
            "Four hundred and fifty years means the chestnut was already growing when the "
            "abbey was pulled down. Remarkable.",
            "Good to see volunteers doing this. Does the council have a tree officer to act on it?",
            "What happens if an old tree becomes unsafe? Protection should not mean leaving "
            "a danger in place.",
            "I hope the survey is repeated. Knowing how many we lose each decade would be useful.",
            "The yew in St Aldhelm's churchyard must be one of them. It looks older than the "
            "church.",
            "Good to see street trees counted. They take the most punishment from traffic "
            "and cables.",
            "Can residents nominate a tree the volunteers missed?",
            "Measuring 3,000 trunks in a year is a lot of work. Well done to everyone who took "
            "part.",
            "I would like to see the list of the ten oldest, with where to find them.",
        ),
        robust=(
            ("Protecting 140 trees from building work is a daft way to block new homes.", "daft"),
            ("The survey's age estimates look laughable to me.", "laughable"),
            (
                "A tree survey run by volunteers with tape measures is a feeble basis for planning"
                " rules.",
                "feeble basis",
            ),
        ),
        rude=(
            (
                "The tree huggers behind this should be ashamed, stopping people building homes.",
                "insult",
            ),
            (
                "Anyone who cares this much about an old tree deserves what they get, frankly.",
                "abusive",
            ),
        ),
        insult=(("The people who ran this survey are a bunch of clowns.", "bunch of clowns"),),
        aside=(
            "A bit off topic, but leaves from the Abbey Park trees block the drains on Park "
            "Road every autumn.",
            "Off topic, but the benches in Abbey Park are falling apart and need replacing.",
        ),
    ),
    "swimming-pool": Voices(
        good=(
            "I swam there every summer as a child. Two years shut felt much longer. I cannot "
            "wait for May.",
            "Early morning lanes are the best news here. What time will they start?",
            "Free swimming for under-16s will be packed on warm afternoons. Will there be "
            "enough lifeguards?",
            "Is the lido heated at all? May can be bitterly cold for an open-air pool.",
            "How much did the relining cost, and is it guaranteed? The basin leaked for "
            "years before it closed.",
            "The changing rooms needed work as much as the basin. Have they been done too?",
            "It would be good to know the adult prices before it opens. The last rise was steep.",
            "Our swimming club trained there before it shut. We would gladly book an "
            "evening session.",
            "To correct the rumour at the school gate: under-16s swim free on weekday afternoons "
            "only, not at weekends.",
            "I hope the cafe reopens with it. Half the pleasure was a cup of tea on the "
            "terrace after a swim.",
            "Will the season run into September this time? It used to close at the end of August.",
            "Well done to the campaigners who kept asking about the lido. It would have been "
            "easy to let it go.",
            "I learned to swim at the lido in the seventies. Lovely to think my grandchildren can "
            "too.",
            "Will there be a season ticket? A lot of us would pay up front.",
            "The early morning lanes are the best start to a summer day. Please make them at least"
            " an hour.",
            "Is the new lining expected to last longer than the old one? The last "
            "repairs lasted five years.",
            "Free swimming for under-16s is a good idea, but will there be any lessons for "
            "children who cannot swim?",
        ),
        robust=(
            (
                "Spending this much on an outdoor pool in our climate is daft, though I hope "
                "I am proved wrong.",
                "daft",
            ),
            ("The council's timetable for the lido has been feeble from the start.", "feeble"),
            ("Reopening without fixing the changing rooms would be a feeble half-job.", "feeble"),
        ),
        rude=(
            (
                "The council lot who let the lido rot should be ashamed to show their faces.",
                "insult",
            ),
            ("Typical of the leisure department. Useless, as always.", "abusive"),
        ),
        insult=(("Whoever runs the lido is a pathetic fool.", "pathetic fool"),),
        aside=(
            "Off topic, but the footpath from the station to the lido is overgrown and "
            "needs clearing before May.",
            "Slightly off the point, but the car park by the lido needs resurfacing before May.",
        ),
    ),
}
