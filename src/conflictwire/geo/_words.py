"""Word tables of recognition: what may sit inside a name, what is never a place alone, what
turns a name into another feature, an institution or a landmark, and the titles and roles
that come before people's names.

Why a module of their own: the rules in `_recognize` and `_people` read them, and `_truecase`
needs the common words too; a table is edited far more often than the rules that use it.
"""

from __future__ import annotations

import re

from ._normalize import ARTICLES

__all__ = [
    "AREA_AFTER",
    "COMMON",
    "COMMON_PHRASES",
    "CONNECTORS",
    "DOTTED_CITIES",
    "FEATURE_BEFORE",
    "FEATURE_WORDS",
    "INNER_WORDS",
    "LANDMARK_AFTER",
    "NAME_HEADS",
    "ORG_HEADS",
    "PLACE_WORDS",
    "ROLES",
    "TITLES",
]

# Lower-case words that may sit inside a place name ("Isle of Man", "Trinidad and Tobago").
CONNECTORS = frozenset(
    {
        "of",
        "de",
        "del",
        "della",
        "la",
        "le",
        "les",
        "los",
        "las",
        "du",
        "des",
        "da",
        "do",
        "dos",
        "and",
        "upon",
        "on",
        "sur",
        "sous",
        "au",  # Port-au-Prince
        "aux",
        "am",
        "im",
        "der",
        "di",
        "y",
        "en",
        "es",  # Dar es Salaam, Tell es-Sultan
        "ez",  # Deir ez-Zor: the Arabic article assimilated to the next letter
        "ed",
        "er",
        "et",
        "esh",
        "the",
        "e",  # the Persian ezafe: Pul-e Khumri, Mazar-e Sharif
        "i",  # and its other spelling: Sar-i Pul
    }
)
# Arabic topographic words that begin a name ("Bir Hasan", "Kafr Amma", "Ayn Zarah"):
# when the whole name is unknown, its tail alone names some other place.  Not "Jabal" and
# "Wadi": a mountain or valley usually takes the name of the town beside it (Jabal Sinjar).
NAME_HEADS = frozenset(
    "bab bir kafr kfar tell tall ras deir dayr khirbet khirbat beit bayt qaryat ayn ain".split()  # noqa: SIM905
)
# lower-case words that may sit inside a name: connectors and Arabic articles
INNER_WORDS = CONNECTORS | ARTICLES
# Words written with a capital that are rarely places when they stand alone.
COMMON = frozenset(
    """
    a an the this that these those he she it we they i you his her its our their my your who what when
    where why how in on at by for from to of with about after before during over under up down out off
    into onto upon across and or but nor so yet if then than as also not no yes all any some each every
    another other others such several few
    both either neither is are was were be been being has have had do does did will would shall should
    can could may might must january february march april may june july august september october
    november december monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
    mr mrs ms dr sir st mt ft gen gov sen rep president minister king queen prince lord lady saint
    police army court state city county town village street road avenue park river lake mount hill
    valley north south east west northern southern eastern western central upper lower new old great
    little university college school hospital church center centre hall office department ministry
    council republic kingdom union federal national international world global district province region
    news post times daily journal tribune herald press radio tv star sun mail man woman men women boy
    girl child children family people friend son daughter mother father wife husband god lord christ
    jesus christmas easter one two three four five six seven eight nine ten first second third last next
    good best well hope faith grace joy liberty unity victory independence freedom peace home house farm
    field garden bay beach island harbor harbour port mobile justice commerce industry enterprise
    progress reform control agency drug drugs many most more much secretary officer commissioner plan
    since corporation federation sample samples airport station chamber academy congress metro web co
    inc corp ltd olympic olympics pack pope nut greater white black red green blue brown gold silver
    union central institute foundation association service services health care medical club hotel plaza
    mall market store company group team league according however meanwhile although though while
    because despite still even just only democrat democrats republican republicans senate house assembly
    parliament government monday's internet facebook twitter google email none jan feb mar apr jun jul
    aug sep sept oct nov dec col sunni sunnis shia shiite shiites yazidi yazidis kurd kurds druze
    alawite alawites turkmen san santa los las fort port wadi jabal jebel tal tell hay qaryat nahr bir
    ain abu umm bin ibn area gulf superior christian christians catholic baptist methodist hamas
    hezbollah taliban passover toyota titan earth northwest northeast southwest southeast forest molotov
    colonia barrio bairro vila jardim xinhua
    """.split()  # noqa: SIM905 - a word list reads best as text
)
# Capitalised phrases that name an institution, not the place the gazetteer has under that name.
COMMON_PHRASES = frozenset(
    {"white house", "capitol hill", "wall street", "downing street", "state department"}
    # armed groups named like villages (Shabāb in Iran)
    | {"al shabaab", "al-shabaab", "al shabab", "al-shabab", "al qaeda", "al-qaeda", "al qaida", "al-qaida"}
)
TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "gov",
        "sen",
        "rep",
        "gen",
        "col",
        "capt",
        "lt",
        "sgt",
        "president",
        "judge",
        "rev",
        "prof",
        "officer",
        "deputy",
        "detective",
        "sheriff",
        "mayor",
        "chief",
        "coach",
        "pastor",
        "father",
        "sister",
        "brother",
        "uncle",
        "aunt",
        "saint",
        "st",
        "sir",
    }
)
# Roles news writes in lower case before a full name ("city administrator Brent Schleisman").
ROLES = frozenset(
    """
    administrator envoy trustee spokesman spokeswoman spokesperson director chairman chairwoman
    secretary minister senator governor commissioner superintendent councilman councilwoman councillor
    councilor attorney lawyer manager coordinator principal teacher candidate incumbent executive
    professor author actress actor singer reporter editor owner founder resident veteran
    """.split()  # noqa: SIM905 - a word list reads best as text
)
# After a town name these make another feature ("Red River", "Walker County"): drop the town.
FEATURE_WORDS = frozenset(
    """
    county parish province governorate district region river valley island islands mountains mountain
    lake strip bank desert peninsula gulf sea ocean creek bay township heights falls springs street road
    avenue boulevard drive lane highway
    """.split()  # noqa: SIM905 - a word list reads best as text
)
# Before a name these make another feature of it ("Lake Ontario" is no province).
FEATURE_BEFORE = frozenset({"lake", "mount", "mt", "cape", "gulf", "bay", "fort", "camp", "port"})
# Cities written as dotted initials whose key collides with a state's AP abbreviation.
DOTTED_CITIES = {"L.A.": ("Los Angeles", "US")}
# An administrative area named after its town, written in capitals after the name.
AREA_AFTER = frozenset({"lga", "lgas"})
# After a name these make a landmark of it ("Nazlet Sidon square"), never a surname.
LANDMARK_AFTER = re.compile(
    r"\s+(?:square|street|bridge|roundabout|road|avenue|highway|market|mosque|hospital|camp)s?\b", re.IGNORECASE
)
# After a town name these make an institution of the town ("Gainesville Police"): keep the town.
ORG_HEADS = frozenset(
    """
    police city council fire department sheriff school schools high middle elementary university college
    hospital church center centre hall airport station park bridge chamber civic daily herald news times
    tribune journal press post public library community area county's state board commission court
    housing health museum zoo mall plaza hotel club stadium arena regional memorial
    """.split()  # noqa: SIM905 - a word list reads best as text
)
PLACE_WORDS = FEATURE_WORDS
