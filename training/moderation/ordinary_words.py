"""Project-written sentences with ordinary words that contain a rude-looking string.

Written for masthead on 2026-11-30 (about 01:25 UTC) by the project itself: every sentence below
is the project's own text, composed from general knowledge of English words, place names and
people's names. Nothing was copied from a dataset or a website, and the writer did not see any
evaluation data (the functional suite and the shared data sets were not opened while writing).

Why: the abuse model reads hashed TF-IDF character 2-5-grams, so an ordinary word that contains
a rude-looking string ("embassy", "grasshopper", "Hitchcock", "pussycat", "therapist",
"shiitake") lights up the same n-grams as the rude word and a civil comment is held. This batch
shows the model such words in plain civil sentences, and keeps the genuinely rude words abusive
with short insults of the same length.

- ``CIVIL_ORDINARY``: civil, news-comment-like sentences about politics, sport, business,
  science, arts, food, travel, local news and history. Each uses at least one ordinary English
  word or proper name that contains a rude-looking string (ass, tit, cock, cum, hell, hoe, nig,
  piss, shit, arse, crap, puss, rape, kill, hate, bum, sex, homo, coon, spic, tard, turd ...).
  Aimed at no one.
- ``ABUSIVE_RUDE``: short comments that insult a person or a group with the genuinely rude words,
  the kind a news site would hold. No threats of violence.
"""

from __future__ import annotations

CIVIL_ORDINARY: list[str] = [
    # ass
    "The embassy story was in the paper today.",
    "The embassy will stay closed over the holiday weekend.",
    "Protesters gathered outside the French embassy on Monday.",
    "Her assistant answered every letter within a week.",
    "The new teaching assistant starts in January.",
    "The passage through the old town is closed for repairs.",
    "That passage in the second chapter moved me.",
    "It was a classic match between two old rivals.",
    "The station plays classic rock all afternoon.",
    "The brass band played at the opening of the bridge.",
    "The brass plaque on the town hall was stolen and recovered.",
    "He plays bass guitar in a local jazz trio.",
    "Sea bass was the special on the menu last night.",
    "A mass was held for the victims of the flood.",
    "My daughter's class visited the museum on Friday.",
    "The grass on the pitch needs a few more weeks.",
    "The glass recycling bins are emptied on Tuesdays.",
    "You need a valid pass to enter the exhibition.",
    "A compass and a map are still worth carrying on the hills.",
    "The new bypass should cut traffic through the village.",
    "Passengers waited three hours for the delayed ferry.",
    "The ambassador presented her credentials to the king.",
    "The ambassador met students at the university.",
    "A massive crowd turned out for the parade.",
    "She was elected to the state assembly last year.",
    "The assembly voted to keep the library open.",
    "He taught history in Massachusetts for thirty years.",
    "The Picasso exhibition opens at the gallery in spring.",
    "Tallahassee is the capital of Florida, not Miami.",
    "The cruise ship docked in Nassau on Tuesday.",
    "Nobody plays cassette tapes any more, but my uncle does.",
    "The rodeo rider threw his lasso on the first try.",
    "I assume the council will publish the minutes.",
    "The minister tried to assure farmers about the new rules.",
    "The climbers had to cross a deep crevasse.",
    "The orchestra needs a new bassoon player.",
    "The grasshopper population exploded after the wet spring.",
    "My son caught a grasshopper in the garden.",
    "A grasshopper landed on my notebook during the lecture.",
    "The chocolate shop sells a lovely assortment at Christmas.",
    "Molasses is used in a lot of old baking recipes.",
    "The basilica in Assisi draws pilgrims every summer.",
    "Fixing the printer was more of a hassle than expected.",
    "She became an associate professor at thirty-two.",
    # tit
    "The title of the book was changed before publication.",
    "Our team won the league title on the last day.",
    "The constitution sets out how judges are appointed.",
    "Any change to the constitution needs a referendum.",
    "The Titanic sank in April 1912.",
    "A new exhibition about the Titanic opened in Belfast.",
    "Over ten thousand people signed the petition.",
    "The petition asks the council to save the pool.",
    "Walking in the cold gave me a huge appetite.",
    "Investors have little appetite for risk this quarter.",
    "The school choir won a regional competition.",
    "She works at a research institute in Edinburgh.",
    "The coach made a substitute at half time.",
    "Titanium is used in hip replacements.",
    "The plane climbed to its cruising altitude.",
    "His attitude towards the press has softened.",
    "The family expressed their gratitude to the nurses.",
    "The town sits at a latitude of about fifty degrees.",
    "Blue tits are nesting in the box on our fence.",
    "A pair of great tits visits the feeder every morning.",
    "The Titian painting was restored for the exhibition.",
    "The quantity of plastic in the river is alarming.",
    "She needed a stitch after the fall.",
    "Every resident is entitled to a parking permit.",
    "Repetition is how most children learn to read.",
    # cock
    "A peacock wandered across the castle lawn.",
    "The peacock is the national bird of India.",
    "Hitchcock made some of the best thrillers ever filmed.",
    "The cinema is showing a Hitchcock season this month.",
    "I watched an old Hitchcock film with my father.",
    "The pilot returned to the cockpit after the break.",
    "Hancock was the first to sign the declaration.",
    "The shuttlecock flew over the net for the winning point.",
    "The cockatoo at the zoo can say hello.",
    "They served a cocktail of fruit juices at the reception.",
    "Cockroaches were found in the restaurant kitchen.",
    "We ate cockles at the harbour in Wales.",
    "He speaks with a strong cockney accent.",
    "The weathercock on the church tower was repaired.",
    "Cock-a-leekie soup is a Scottish classic.",
    "Shut the stopcock before you change the tap.",
    "A woodcock was spotted in the forest near the lake.",
    # dick
    "Emily Dickinson wrote almost eighteen hundred poems.",
    "The library has a first edition of Dickinson's poems.",
    "Dick Francis wrote thrillers about horse racing.",
    "Dickinson College is a small school in Pennsylvania.",
    "Philip K. Dick wrote the story behind the film.",
    "Angie Dickinson starred in the police series.",
    "Eric Dickerson ran for over two thousand yards in a season.",
    # cum
    "The cumulative rainfall this month broke the record.",
    "The cumulative effect of the cuts is serious.",
    "The leaked document was shared with the committee.",
    "Please bring a document with your address on it.",
    "Under the circumstances, the delay was reasonable.",
    "The cucumber harvest was poor this year.",
    "A cucumber sandwich is the standard at a garden party.",
    "Add a teaspoon of cumin to the lentils.",
    "Snow continued to accumulate on the roads overnight.",
    "The old form was cumbersome and has been replaced.",
    "Cumbria has some of the wettest towns in England.",
    "The incumbent mayor won a third term.",
    "She graduated magna cum laude from Yale.",
    "The documentary about the miners won an award.",
    "The circumference of the Earth is about forty thousand kilometres.",
    "The patient finally succumbed to the infection.",
    # hell
    "The turtle's shell was cracked but it survived.",
    "Shell announced higher profits this quarter.",
    "I said hello to the new neighbours this morning.",
    "The Hellenic navy took part in the exercise.",
    "Michelle Obama spoke at the book festival.",
    "Michelle won the local baking competition.",
    "Shellfish must be cooked the day it is bought.",
    "The children collected seashells on the beach.",
    "The poet Shelley drowned off the Italian coast.",
    "La Rochelle is a lovely harbour town.",
    "Hellebores flower in the garden in late winter.",
    "In a nutshell, the budget is balanced.",
    # hoe
    "I need new shoes for the marathon.",
    "The shoe factory closed after eighty years.",
    "The hoedown at the county fair was packed.",
    "The band played a hoedown for the square dance.",
    "He spent the morning hoeing the vegetable beds.",
    "A good hoe makes weeding much quicker.",
    "The horseshoe was nailed above the stable door.",
    "The shoemaker on the high street is retiring.",
    "My son learned to tie his shoelaces at five.",
    # fag
    "Fagin is one of the best known villains in fiction.",
    "The actor played Fagin in the school musical.",
    "Fagus is the Latin name for the beech.",
    # nig
    "Nigeria is the most populous country in Africa.",
    "The Nigerian team reached the quarter finals.",
    "The Niger river flows through Mali.",
    "Niger held elections in December.",
    "The doctor said the lump was benign.",
    "Nigel Farage spoke at the conference.",
    "Nigel is retiring from the club after twenty years.",
    "Nigella seeds add flavour to naan bread.",
    "Montenegro joined NATO in 2017.",
    "Montenegro has a beautiful coastline.",
    # piss
    "The gallery has three paintings by Pissarro.",
    "Pissarro painted the boulevards of Paris in the rain.",
    "Pissaladiere is an onion tart from Nice.",
    # shit
    "Shiitake mushrooms are easy to grow at home.",
    "Add the sliced shiitake to the broth.",
    "The shiitake risotto was the best dish of the night.",
    "The ark was said to be built of shittim wood.",
    "Yamashita scored twice in the second half.",
    "Professor Kinoshita leads the robotics lab.",
    "Takeshita served as prime minister of Japan.",
    # twat
    "Twatt is a small village in Orkney.",
    # arse
    "Arsenal won the north London derby.",
    "The Arsenal manager praised his young striker.",
    "The program cannot parse the date format.",
    "The crowd was sparse for the midweek game.",
    "Traces of arsenic were found in the well.",
    "The singer was hoarse after three concerts.",
    "Use coarse salt for the crust.",
    "Marseille is the second largest city in France.",
    "The star is about four parsecs away.",
    "The hearse led the procession through the village.",
    "Coarsely chop the walnuts before adding them.",
    "The cast will rehearse every evening this week.",
    # crap
    "The old cars were sold for scrap.",
    "Scrap metal prices have risen sharply.",
    "My grandmother kept a scrapbook of every article.",
    "He managed to scrape a win in the final round.",
    "The new skyscraper will be the tallest in the city.",
    "It was a scrappy game with few chances.",
    # puss
    "Our pussycat sleeps on the radiator all day.",
    "The pussycat was rescued from the tree.",
    "The panto this year is Puss in Boots.",
    "The pussy willow is in bloom by the river.",
    # rape
    "The grape harvest started early this year.",
    "Grapefruit can interfere with some medicines.",
    "New drapes make the room look bigger.",
    "The trapeze artist was the highlight of the circus.",
    "Fields of oilseed rape turn the valley yellow in May.",
    "Rapeseed oil is good for frying.",
    "The drapery shop closed after a century.",
    "I heard it through the grapevine.",
    "The parapet of the bridge needs repairs.",
    "My therapist suggested I keep a diary.",
    "She trained as a speech therapist.",
    "The therapeutic benefits of walking are well known.",
    # kill
    "Reading is a skill worth teaching early.",
    "The skills gap is hurting local firms.",
    "We spent a week in Killarney.",
    "The lakes of Killarney were stunning.",
    "Fry the onions in a heavy skillet.",
    "We hiked in the Catskills last autumn.",
    "Peekskill is a small city on the Hudson.",
    # hate
    "Whatever happens, the vote will be close.",
    "The chateau dates from the sixteenth century.",
    "The chateau makes one of the best wines in Bordeaux.",
    "He ordered the Chateaubriand for two.",
    "The chatelaine showed visitors round the house.",
    # bum
    "Their new album comes out in March.",
    "The photo album survived the fire.",
    "Bumblebees are struggling in the dry summer.",
    "A bumblebee was buzzing round the lavender.",
    "Farmers expect a bumper crop of apples.",
    "The road is bumpy after the winter frost.",
    # sex
    "The sextant helped sailors find their position.",
    "The sexton rang the church bell at noon.",
    "A string sextet played at the wedding.",
    "The sextuplets celebrated their first birthday.",
    # homo
    "The mixture should be homogeneous before baking.",
    "Homogenised milk keeps the cream mixed in.",
    "The two bones are homologous structures.",
    "Their and there are homophones.",
    # jap
    "The Japanese team won the relay.",
    "Japan's economy grew faster than expected.",
    # coon
    "A raccoon got into the bins again.",
    "The caterpillar spun a cocoon on the branch.",
    "The shipping tycoon gave the museum a donation.",
    "Coonawarra is known for its red wine.",
    # spic
    "Add the spice at the end of cooking.",
    "This curry is too spicy for me.",
    "The yellow signs are very conspicuous.",
    "It was an auspicious start to the season.",
    "Police said the death was not suspicious.",
    "A pinch of allspice goes into the cake.",
    # wank
    "The Wankel engine uses a rotor instead of pistons.",
    "The new hotel is rather swanky.",
    # tard
    "Serve the sausages with mustard.",
    "The custard was lumpy but tasty.",
    "The council was tardy in fixing the road.",
    "The great bustard has returned to Salisbury Plain.",
    # turd
    "The market is open every Saturday morning.",
    "The match kicks off on Saturday at three.",
    "The bridge is built on sturdy foundations.",
    # knob
    "The door knob came off in my hand.",
    "The oak had a knobbly trunk.",
    # twit
    "The minister posted the news on Twitter.",
    "He streams games on Twitch every night.",
    # prick
    "The prickly pear grows well in dry climates.",
    "Wear gloves when pruning the prickly hedge.",
    # butt
    "Spread the butter thinly on the toast.",
    "Press the button to call the lift.",
    "The church wall is supported by a flying buttress.",
    "Buttercups filled the meadow by the church.",
    "Butte is a mining town in Montana.",
    # cuck
    "We heard the first cuckoo of spring.",
    "The cuckoo clock was made in the Black Forest.",
    # poo
    "The swimming pool reopens next month.",
    "Liverpool won the cup after extra time.",
    "Our poodle won best in show.",
    # fart
    "He walked a little farther each day.",
    "The old farthing coin is worth a lot now.",
    # paki
    "Pakistan won the toss and chose to bat.",
    "The flood affected millions in Pakistan.",
    # kraut
    "Sauerkraut is easy to make at home.",
    # negro
    "The Rio Negro joins the Amazon near Manaus.",
    # suck
    "Honeysuckle covers the garden wall.",
    # screw
    "I need a screwdriver to fix the shelf.",
    "The corkscrew broke in the bottle.",
    # hooker
    "Our hooker scored a try in the first half.",
    "The hooker threw in at the lineout.",
    "Joseph Hooker ran Kew Gardens for twenty years.",
    # pimp
    "The Scarlet Pimpernel is a classic adventure.",
    # sod
    "The final episode airs on Sunday.",
    "Sodium levels in the bread have been reduced.",
    # muff
    "She bought a blueberry muffin with her coffee.",
    "The car needs a new muffler.",
    # lesbo
    "Lesbos is the third largest Greek island.",
    # dumb
    "He lifts dumbbells at the gym every morning.",
    "Dumbarton lost at home on Saturday.",
    # hag
    "Copenhagen has excellent cycle lanes.",
    "Tourists like to haggle at the market.",
    # witch
    "The company will switch suppliers next year.",
    # cow
    "The talks in Moscow ended without agreement.",
    # pig
    "The pigment comes from crushed beetles.",
    # shag
    "The shaggy dog won the prize.",
    "The shagbark hickory has peeling bark.",
    # sperm
    "A sperm whale was seen off the coast.",
    # semen
    "Our basement flooded in the storm.",
    "The casement windows were painted white.",
    # tramp
    "The kids spent the afternoon on the trampoline.",
    # jerk
    "Jerk chicken is on the menu at the carnival.",
    "Beef jerky is a popular snack for hikers.",
    # horny
    "The path was thorny and overgrown.",
    # clit
    "Clitheroe castle sits above the market town.",
    # die
    "Diesel prices rose again this week.",
    "The audience stood for the final song.",
    # gun
    "Burgundy is famous for its wines.",
    # bomb
    "Bombay was renamed Mumbai in 1995.",
    # shoot
    "The party is an offshoot of the old movement.",
    # stab
    "The horse was led back to the stable.",
    "Prices have been stable for six months.",
    # hang
    "Shanghai has one of the busiest ports in the world.",
    # choke
    "Artichokes are in season in the spring.",
    "The artichoke dip was a hit.",
    # burn
    "Burnley were promoted last season.",
    "Her auburn hair stood out in the crowd.",
    # lynch
    "Lynchburg is a city in Virginia.",
    # gas
    "The convention is in Las Vegas this year.",
    # booby
    "The blue-footed booby lives on the Galapagos.",
    # pube
    "Puberty starts at different ages for different children.",
    # hoar
    "There was a thick hoarfrost on the fields.",
    # wiener
    "Wiener schnitzel is the national dish of Austria.",
    # git
    "Your password must contain a digit.",
    "The election result is legitimate.",
    "The library is putting its archive into digital form.",
    # canal
    "The Panama Canal is being widened.",
    "We hired a canal boat for a week.",
    # fanny
    "Fanny Burney wrote novels and diaries.",
    # willy
    "Willy Brandt became chancellor in 1969.",
    # jew
    "The jewel was stolen from the museum.",
    "The jewellery shop on the corner has closed.",
    # cock again is at limit; more ass variants
    "The sassafras tree has leaves of three shapes.",
    "The police found the carcass of a deer by the road.",
    "The council is stuck in a morass of paperwork.",
    "Trespassers will be asked to leave the farm.",
    # more tit
    "The tithe barn is open to visitors.",
    "The petite actress won the award.",
    # more hell
    "Add the eggshells to the compost.",
    # more cum
    "He wore a cummerbund to the gala dinner.",
    # more rape
    "The grapes were picked by hand.",
    # more spic
    "The inspector was perspicacious about the flaws.",
    # more cock
    "Cockatiels make good pets for children.",
]

ABUSIVE_RUDE: list[str] = [
    "You are a complete ass.",
    "What a pompous ass this writer is.",
    "Shut up, you dumb ass.",
    "The mayor is a lazy ass.",
    "Get your fat ass out of office.",
    "You are such a bitch.",
    "The senator is a lying bitch.",
    "Stop whining, you little bitch.",
    "His wife is a nasty bitch.",
    "The host is a stuck-up bitch.",
    "You are a dick.",
    "The coach is a total dick.",
    "Don't be such a dick about it.",
    "What a smug dick this columnist is.",
    "The governor is a dickhead.",
    "Every reporter here is a dickhead.",
    "You absolute cock.",
    "The minister is a pompous cock.",
    "Shut it, you cocky little prick.",
    "You are a cunt.",
    "The author is a smug cunt.",
    "What a thick cunt.",
    "Her husband is a vile cunt.",
    "You are a prick.",
    "The manager is an arrogant prick.",
    "Only a prick would write this.",
    "The landlord is a greedy prick.",
    "You are a twat.",
    "The presenter is a total twat.",
    "What a smug twat.",
    "Piss off, nobody wants you here.",
    "Piss off back to where you came from.",
    "Go piss off, you clown.",
    "Nobody cares, so piss off.",
    "You are a piece of shit.",
    "The councillor is a lying sack of shit.",
    "Your opinions are shit and so are you.",
    "You shit for brains.",
    "This columnist talks shit every week.",
    "The referee is a shithead.",
    "You are a shitbag.",
    "Everything you write is crap.",
    "You are full of crap, as always.",
    "What a load of crap from a crap writer.",
    "The premier is a crap human being.",
    "She is a whore.",
    "The reporter is a cheap whore.",
    "He is a media whore.",
    "She is a dirty slut.",
    "The singer is a slut.",
    "Only a slut would dress like that.",
    "You fag.",
    "Shut up, fag.",
    "The actor is a fag.",
    "What a faggot.",
    "You are an asshole.",
    "The judge is a total asshole.",
    "Don't be an asshole.",
    "Every cyclist is an asshole.",
    "The editor is an arsehole.",
    "You are an arsehole and everyone knows it.",
    "What a jackass.",
    "The senator is a jackass.",
    "You dumbass.",
    "Typical dumbass comment.",
    "The writer is a dumbass.",
    "Kiss my ass.",
    "Stick your opinion up your ass.",
    "You are a wanker.",
    "The chairman is a wanker.",
    "What a pathetic wanker.",
    "You tosser.",
    "The pundit is a tosser.",
    "You are a bastard.",
    "The boss is a greedy bastard.",
    "Lying bastards, the lot of you.",
    "You are a douchebag.",
    "The CEO is a douche.",
    "Screw you and your opinions.",
    "Screw you, you old fool.",
    "Shut your mouth, you cocksucker.",
    "The coach is a cocksucker.",
    "You motherfucker.",
    "The landlord is a motherfucker.",
    "Fuck you and your newspaper.",
    "Fuck off, you troll.",
    "Go fuck yourself.",
    "You are a fucking idiot.",
    "The mayor is a fucking disgrace.",
    "What a bellend.",
    "You bellend.",
    "The reporter is a knobhead.",
    "You are a knob.",
    "You are a pussy.",
    "The quarterback is a pussy.",
    "You hoe.",
    "She is a skank.",
    "What a dirty skank.",
    "You are a cow and a bitch.",
    "His supporters are a bunch of dicks.",
    "Those protesters are assholes.",
    "The whole team are pricks.",
]
