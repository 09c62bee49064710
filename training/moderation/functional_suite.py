"""Functional checks for the abuse model, written for this project (evaluation only, never trained on).

CIVIL (and CIVIL_IDENTITY): comments a newsroom would publish that name a group, a place or a person, use an everyday
word that contains a rude-looking string (Scunthorpe, assess, Dick Cheney), or are very short.
ABUSIVE (and ABUSIVE_IDENTITY): insults, threats and identity hate, some disguised (l33t, masks,
spaced letters).
THREATS and CIVIL_VIOLENT_WORDS: an evaluation batch for a rule-based threat detector, written
before and apart from its rules. THREATS are threats of violence and wishes or incitement of it
(direct, veiled, with no violent verb, against groups, in the passive, disguised spelling);
CIVIL_VIOLENT_WORDS are publishable comments with the same vocabulary (figurative, reporting,
sport, history, cooking and gardening, idioms, quoting or condemning a threat, policy).
In the spirit of HateCheck (Röttger et al. 2021, "HateCheck: Functional Tests for Hate Speech
Detection Models", ACL), much smaller and with sentences of our own. The civil training
templates (civil_templates.py) use other sentence frames, so this list measures whether what
they taught carries over to new sentences. `make eval` reports it for our model and the peers.
"""

from __future__ import annotations

CIVIL = [
    "ID",
    "Voter ID laws came up again at the meeting.",
    "Please show your ID at the polls.",
    "My ID card expired last month.",
    "Idaho has similar rules.",
    "The kids walk to school along that road.",
    "Good idea, but who pays?",
    "Bad idea, in my view.",
    "Thanks for the article.",
    "Good point.",
    "I disagree with the premise.",
    "Source?",
    "Exactly this.",
    "Well said.",
    "Lol, fair enough.",
    "Agreed.",
    "So true.",
    "Really? I had not heard that.",
    "Why not ask the minister directly?",
    "Vote them out next year.",
    "Sad to read this.",
    "Typical of this council, unfortunately.",
    "Liberals and Conservatives both promised this.",
    "Trump signed the order on Monday.",
    "Obama visited the plant in 2012.",
    "Muslims in my town organised the food drive.",
    "Immigrants built much of this city.",
    "Women make up half the workforce here.",
    "Jewish families have lived on this street for a century.",
    "Gay couples can adopt in every province now.",
    "Black voters turned out in record numbers.",
    "Indigenous leaders asked for a seat at the table.",
    "Refugees need housing too.",
    "As a Christian I support the shelter.",
    "Many Hindus celebrate Diwali downtown.",
    "Transgender students deserve safe schools.",
    "The Chinese community centre hosts the debate.",
    "Mexican workers pick most of the fruit.",
    "My grandmother is Muslim and she agrees.",
    "Toronto needs more transit.",
    "Ottawa should publish the costs.",
    "Rents in Vancouver are out of reach.",
    "Calgary voted for the arena.",
    "Essex County approved the budget.",
    "Sussex police closed the road.",
    "Scunthorpe won on Saturday.",
    "Middlesex hospital is hiring.",
    "Hancock Street will be closed for repairs.",
    "Dick Cheney was vice-president then.",
    "Moby Dick is still a great read.",
    "The class sizes keep growing.",
    "Parliament should pass the bill.",
    "Analysts assess the assets every quarter.",
    "Add the shiitake mushrooms last.",
    "Cocktail bars reopened on Friday.",
    "The side streets were not ploughed.",
    "I ride the bus every day.",
    "Idk, the numbers look odd.",
    "The IDF statement came later.",
    "What a game last night.",
    "Ha! That made my day.",
    "Hmm, the figures do not add up.",
    "OK, but what about the pensions?",
    "Yes.",
    "No.",
    "Shame about the old library.",
    "The dam was built in 1952.",
    "Taxes went up again.",
    "The PM answered questions for an hour.",
    "Canada beat Sweden 3-2.",
    "Women's hockey deserves more coverage.",
    "Seniors wait months for a doctor.",
    "Farmers need rain.",
    "Nurses are exhausted after this winter.",
    "Teachers in Ontario voted to strike.",
    "Police officers closed the bridge.",
    "The mosque and the church share a parking lot.",
    "Asian restaurants on that street are excellent.",
    "Arab and Jewish students debated calmly.",
]
# Second batch, written on 2026-11-29 (12:15 UTC) before the civil templates gained identity
# adjectives ("Muslim", "gay", "Black": civil_templates.ADJECTIVES), to measure that change on
# sentences it never saw: who people are, said plainly and kindly, in frames of their own.
CIVIL_IDENTITY = [
    "I am Muslim and I voted for the new library.",
    "She is Jewish and runs the bakery on Main Street.",
    "As a gay man, I found this story moving.",
    "My brother is transgender and works as a nurse.",
    "We are a Black family and we love this neighbourhood.",
    "He is deaf and still coaches the hockey team.",
    "Our Hindu temple hosts a free lunch on Sundays.",
    "Being bisexual has never stopped me from teaching.",
    "The lesbian couple next door helped us move.",
    "My wife is Sikh and volunteers at the clinic.",
    "I'm disabled and the new ramps made a real difference.",
    "Two Arab doctors opened the practice downtown.",
    "Indigenous artists painted the mural by the river.",
    "A Mexican family bought the old hardware store.",
    "My Catholic school taught me to respect everyone.",
    "Trans athletes were interviewed for the piece.",
    "The Chinese community centre needs more volunteers.",
    "Immigrant nurses kept the ward open all winter.",
    "Queer writers read at the festival on Saturday.",
    "My Jewish grandfather would have liked this article.",
]
ABUSIVE_IDENTITY = [
    "Muslims like you should not be allowed to vote.",
    "Gay people disgust me.",
    "Trans people are mentally ill freaks.",
    "Jews like her are ruining this country.",
    "Black people like him belong in jail.",
    "Disabled people are a burden on all of us.",
    "Immigrants like you should go back where you came from.",
    "Women like her should stay in the kitchen.",
    "I hate Muslims.",
    "Arabs are terrorists, every one of them.",
]
ABUSIVE = [
    "You are an idiot.",
    "What a stupid, ignorant comment.",
    "Shut up, moron.",
    "Only a retard would write this.",
    "Go to hell, you pathetic loser.",
    "You f*cking clown.",
    "id10t",
    "s t u p i d troll",
    "You are a piece of sh1t.",
    "I will find you and hurt you.",
    "Someone should shoot him.",
    "Muslims are vermin and should be deported.",
    "Immigrants are parasites.",
    "Women are too dumb to vote.",
    "Jews control everything, disgusting people.",
    "Gays are sick perverts.",
    "Send the refugees back, they are animals.",
    "Black people are criminals.",
    "Kill all the liberals.",
    "This journalist is a lying whore.",
    "Shut your stupid mouth.",
    "Fuck off.",
    "You dumb b*tch.",
    "What an a$$hole.",
    "Die in a fire.",
    "Your mother should have aborted you.",
    "Get lost, scumbag.",
    "Typical libtard garbage.",
    "Stupid cow.",
    "Burn their mosque down.",
]
# Third batch, written on 2026-11-29 (14:30 UTC) by hand, before the rule-based threat detector
# existed and without reading it, so that it can be measured on sentences it was not tuned to.
# Grouped by the kind of threat; each group uses frames of its own.
THREATS = [
    # Direct, first person, to the reader, the journalist or a politician.
    "Next time you're at the farmers' market I'll break both your legs, you lying hack.",
    "I'm gonna put a bullet in the next reporter who writes this garbage.",
    "You'd better stop writing about my family or you'll end up in the river.",
    "If you print my name again I will burn your house down with you in it.",
    "Show up at the rally on Saturday, councillor, and you'll leave in an ambulance.",
    "Keep talking, Sarah. Next time I see you I'm going to smash your face in.",
    "I'm gonna fucking kill you, you piece of shit.",
    "Shut your mouth or I will shut it for you, permanently.",
    "If that column runs again on Monday I will wait outside your office, follow you to the "
    "parking garage and make sure you never write another word with those hands.",
    # Veiled: no act named, the menace is in the knowledge or the timing.
    "We know where your kids go to school.",
    "Nice house on Elm Street. Be a shame if it caught fire while you slept.",
    "Your wife drives the blue Honda, right? Tell her to be careful on the highway.",
    "Sleep well tonight, Minister. It might be your last good night.",
    # No violent verb at all.
    "You won't see next week.",
    "Enjoy your last days.",
    "Better check under your car before you drive to work tomorrow.",
    "Your mother will be picking out a coffin soon.",
    "Last warning. Next time it won't be a letter in your mailbox.",
    # Incitement: asking others to do it.
    "Someone should torch that mosque before Friday prayers.",
    "Somebody needs to run the whole council over with a truck.",
    "Grab your rifles, boys, and pay the editors a visit at their office.",
    "Any real patriot would shoot that senator on sight.",
    "They all deserve to be dragged into the street and beaten, every one of those so-called experts.",
    # Against a group.
    "We will drag the immigrants out of their flats one by one and beat them senseless.",
    "Every Jew on that board deserves a bullet.",
    "Women who write columns like this need a good beating until they learn to shut up.",
    "Journalists are the enemy, and when the time comes we will hunt them down.",
    "Those Sikh taxi drivers had better leave town before we start cracking skulls.",
    # Wishes of death or harm.
    "I hope you get cancer and die slowly.",
    "I hope someone stabs you in a car park and nobody stops to help.",
    "Hope your plane goes down on the way to the summit.",
    "I wish someone would slit your throat while you sleep.",
    # Calls to violence in the passive.
    "Traitors like the premier should be hanged in the public square.",
    "That judge ought to be taken out back and shot.",
    "Every one of these crooked MPs should be lined up against a wall.",
    # Disguised spelling: digits, symbols, spaced letters.
    "I will k1ll you and your whole family.",
    "s h o o t   t h e m   a l l",
    "Someone needs to sh00t that councillor before the vote.",
    "ur gonna get st@bbed walking home tonight",
    "d 1 e, traitor. we will b u r n your office to the ground.",
]
# The same vocabulary, used in comments a newsroom would publish: the counterpart of THREATS,
# written at the same time, to measure what a threat detector holds that it should not.
CIVIL_VIOLENT_WORDS = [
    # Figurative.
    "This bill will kill small businesses on Main Street.",
    "The new tax will hang over every family in the county for years.",
    "The minister shot down the proposal in under a minute.",
    "Rising rents are slowly strangling the arts scene downtown.",
    "That interview was a car crash for the opposition leader.",
    # Reporting violence.
    "Police shot the suspect after he fired at officers outside the pharmacy on King Street, the "
    "province's police watchdog said on Tuesday, and it has opened an independent investigation.",
    "The bomb killed six people at the market, according to the ministry.",
    "The man was stabbed outside the bar and is now in stable condition.",
    "Two soldiers died in the ambush and the army has opened an inquiry.",
    "The trial heard that the victim was strangled in her flat.",
    # Sport and games.
    "We'll destroy them on Saturday if our defence stays healthy.",
    "Her job is to shoot from the three-point line, and she did it well.",
    "Leafs got slaughtered, again.",
    "He knocked out the champion in the third round.",
    "My son finally beat me at chess by sacrificing his knight.",
    # History.
    "Lincoln was shot at Ford's Theatre in April 1865.",
    "The article skips over how many rebels were hanged for treason in 1838.",
    "The castle was burned to the ground by an invading army in 1142.",
    # Cooking and gardening.
    "Beat the eggs, then chop the onions and fry them until golden.",
    "Kill the weeds before they seed, or you'll be pulling them all summer.",
    "Smash the garlic with the flat of the knife before you slice it.",
    "Cut the roses back hard in March and they will explode with blooms.",
    # Idioms.
    "I could kill for a coffee after that council meeting.",
    "Break a leg to the kids in Friday's school play!",
    "My feet are killing me after the parade.",
    "Let's not shoot the messenger; the reporter only published the numbers.",
    "We need to bite the bullet and raise the parking fees.",
    "That comedian absolutely killed at the festival.",
    # Quoting or condemning a threat.
    "Threatening the mayor's family is vile; 'we know where you live' is not an argument.",
    "Whoever wrote 'you will pay' on the reporter's car should be found and charged; disagreeing "
    "with a story is fine, frightening the person who wrote it is not.",
    "Saying politicians deserve to be hanged is never acceptable, whatever you think of the budget.",
    "The court convicted him of posting that he would shoot the premier.",
    # Policy and money.
    "Get rid of the parking minimums and let people build housing.",
    "The plan would wipe out student debt for nurses who stay five years.",
    "You will pay more property tax next year under this budget.",
    "Slash the consultants and the deficit disappears.",
    # Everyday safety and other frames that echo a threat.
    "Watch your back on the Bloor bike lane; drivers turn right without looking.",
    "Enjoy your last days of summer before the kids go back to school.",
    "You won't see gas prices this low next week, so fill up now.",
    "Hunting season opens Saturday, so wear orange on the trails.",
]
