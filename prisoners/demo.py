"""The demo dataset: Belarus, 2024–2026.

Everything here comes from ``shared/facts/belarus-2024-2026.md``: the release events,
the people and their spellings, detentions, charges, sentences, releases, border
crossings, what each source said about each event, the counts over time, and the page
that reported every fact. The descriptions (bios, summaries, context, metric
definitions) are our own wording; the facts carry over, the prose does not.

Three rules shape the data:

* Where sources disagree, both claims are stored side by side, each with its own source
  (123 released; 114 or 104 to Ukraine; 9 to Lithuania). Nothing is merged or picked.
* Nothing is filled in that the facts do not give: no article number for a charge
  described only in words, no court the facts do not name, no second border crossing
  for a person whose destination no source names, no title for a page we have only the
  address of (those get a bracketed description instead, marked as ours).
* ``Source`` is who said it, ``Document.source`` is the outlet whose page it is:
  "Viasna (via Belsat)" is an Observation by Viasna whose Document is on belsat.eu.

``load_demo`` is idempotent: every row is found by a natural key (slug, address, the
claim itself) and written only when a value differs, so a second run creates nothing,
saves nothing and adds no history.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db import models, transaction

from prisoners.dates import parse_partial
from prisoners.models import (
    Charge,
    Country,
    Detention,
    EndReason,
    Gender,
    NameKind,
    Person,
    PersonName,
    Sentence,
    Tag,
)
from prisoners.services import people_status_refresh
from releases.models import (
    Confidence,
    CountMetric,
    EventCount,
    EventKind,
    Outcome,
    Qualifier,
    Release,
    ReleaseEvent,
    ReleaseKind,
    Transfer,
)
from sources.models import (
    Citation,
    Document,
    Metric,
    Observation,
    ObservationStatus,
    Source,
    SourceKind,
)
from sources.services import record_publish

# --------------------------------------------------------------------------------------
# Sources: who said it, and the outlets whose pages we cite.
# --------------------------------------------------------------------------------------

SOURCES: list[dict[str, str]] = [
    {
        "slug": "viasna",
        "name": "Human Rights Centre Viasna",
        "kind": SourceKind.HUMAN_RIGHTS_GROUP,
        "url": "https://spring96.org/en",
        "notes": "Belarusian human-rights centre that keeps the most widely quoted list of "
        "people it recognises as political prisoners. Other outlets often relay its "
        "numbers: we then record Viasna as the source and the relaying page as the "
        "document.",
    },
    {
        "slug": "bloomberg",
        "name": "Bloomberg News",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "",
        "notes": "International news agency. Its 13 December 2025 article reached us as a "
        "syndicated copy (Tribune Content Agency) with no web address.",
    },
    {
        "slug": "hrw",
        "name": "Human Rights Watch",
        "kind": SourceKind.HUMAN_RIGHTS_GROUP,
        "url": "https://www.hrw.org",
        "notes": "International human-rights organisation.",
    },
    {
        "slug": "rferl",
        "name": "Radio Free Europe/Radio Liberty",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://www.rferl.org",
        "notes": "US-funded broadcaster; pages here come from its Belarusian (Svaboda), "
        "Ukrainian (Radio Svoboda) and Georgian services.",
    },
    {
        "slug": "novaya-gazeta-europe",
        "name": "Novaya Gazeta Europe",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://novayagazeta.eu",
        "notes": "",
    },
    {
        "slug": "belsat",
        "name": "Belsat",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://belsat.eu",
        "notes": "",
    },
    {
        "slug": "babel",
        "name": "Babel",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://babel.ua",
        "notes": "",
    },
    {
        "slug": "kyiv-independent",
        "name": "The Kyiv Independent",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://kyivindependent.com",
        "notes": "",
    },
    {
        "slug": "delfi",
        "name": "Delfi",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://delfi.lt",
        "notes": "",
    },
    {
        "slug": "stratnews-global",
        "name": "StratNews Global",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://stratnewsglobal.com",
        "notes": "",
    },
    {
        "slug": "tribecans",
        "name": "Tribecans News",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://news.tribecans.com",
        "notes": "",
    },
    {
        "slug": "the-insider",
        "name": "The Insider",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://theins.co",
        "notes": "",
    },
    {
        "slug": "menafn",
        "name": "MENAFN",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://menafn.com",
        "notes": "News aggregator that republishes agency copy.",
    },
    {
        "slug": "reform-news",
        "name": "Reform.news",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://reform.news",
        "notes": "",
    },
    {
        "slug": "ua-news",
        "name": "UA.News",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://ua.news",
        "notes": "",
    },
    {
        "slug": "yahoo-news",
        "name": "Yahoo News",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://news.yahoo.com",
        "notes": "Mostly republishes wire copy.",
    },
    {
        "slug": "voice-of-belarus",
        "name": "Voice of Belarus",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://voiceofbelarus.org",
        "notes": "",
    },
    {
        "slug": "rbc",
        "name": "RBC",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://rbc.ru",
        "notes": "",
    },
    {
        "slug": "vedomosti",
        "name": "Vedomosti",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://vedomosti.ru",
        "notes": "",
    },
    {
        "slug": "interfax",
        "name": "Interfax",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://interfax.com",
        "notes": "",
    },
    {
        "slug": "tass",
        "name": "TASS",
        "kind": SourceKind.STATE_MEDIA,
        "url": "https://tass.com",
        "notes": "Russian state news agency.",
    },
    {
        "slug": "itta",
        "name": "ITTA",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://itta.info",
        "notes": "",
    },
    {
        "slug": "bangladesh-post",
        "name": "Bangladesh Post",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://bangladeshpost.net",
        "notes": "",
    },
    {
        "slug": "ukraine-news-top",
        "name": "ukraine-news.top",
        "kind": SourceKind.OTHER,
        "url": "https://ukraine-news.top",
        "notes": "News site of unclear ownership; treat anything it alone reports as low "
        "confidence until confirmed.",
    },
    {
        "slug": "pozirk",
        "name": "Pozirk",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://pozirk.online",
        "notes": "",
    },
    {
        "slug": "usagm",
        "name": "U.S. Agency for Global Media",
        "kind": SourceKind.GOVERNMENT,
        "url": "https://www.usagm.gov",
        "notes": "US federal agency that oversees RFE/RL; tracks its jailed journalists.",
    },
    {
        "slug": "united24-media",
        "name": "UNITED24 Media",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://united24media.com",
        "notes": "",
    },
    {
        "slug": "mynorthwest",
        "name": "MyNorthwest",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://mynorthwest.com",
        "notes": "Republishes wire copy.",
    },
    {
        "slug": "nasha-niva",
        "name": "Nasha Niva",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://nashaniva.com",
        "notes": "",
    },
    {
        "slug": "minkristnasamhllsblogg",
        "name": "minkristnasamhllsblogg (personal blog)",
        "kind": SourceKind.OTHER,
        "url": "https://minkristnasamhllsblogg.blogspot.com",
        "notes": "A personal blog that summarises other reporting: a secondary source, so "
        "what it alone supports is medium confidence.",
    },
    {
        "slug": "tvn24",
        "name": "TVN24",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://tvn24.pl",
        "notes": "",
    },
    {
        "slug": "warszawa-w-pigulce",
        "name": "Warszawa w Pigułce",
        "kind": SourceKind.NEWS_OUTLET,
        "url": "https://warszawawpigulce.pl",
        "notes": "",
    },
    {
        "slug": "kuruc-info",
        "name": "kuruc.info",
        "kind": SourceKind.OTHER,
        "url": "https://kuruc.info",
        "notes": "Hungarian website.",
    },
    {
        "slug": "ukrainian-authorities",
        "name": "Ukrainian authorities",
        "kind": SourceKind.GOVERNMENT,
        "url": "",
        "notes": "Used where reports credit a figure to 'the Ukrainian side' without naming "
        "the office or person.",
    },
]

# --------------------------------------------------------------------------------------
# Documents: every address in the facts. Titles taken from an address's own words are
# the headline as the address spells it; a title in [brackets] is our description of a
# page whose address carries no headline.
# --------------------------------------------------------------------------------------

DOCUMENTS: dict[str, dict[str, str]] = {
    "seed": {
        "source": "bloomberg",
        "url": "",
        "title": "Belarus frees 123 political prisoners as US lifts potash ban",
        "publisher": "Tribune Content Agency",
        "authors": "Milda Seputyte, Aliaksandr Kudrytski",
        "language": "en",
        "published_on": "2025-12-13",
    },
    "hrw": {
        "source": "hrw",
        "url": "https://www.hrw.org/news/2025/12/15/more-than-1000-belarusians-remain-in-prison-for-exercising-their-rights",
        "title": "More than 1,000 Belarusians remain in prison for exercising their rights",
        "language": "en",
        "published_on": "2025-12-15",
    },
    "viasna-2025": {
        "source": "reform-news",
        "url": "https://reform.news/en/mass-pardons-and-forced-expulsions-viasna-describes-situation-of-political-prisoners-in-2025/amp",
        "title": "Mass pardons and forced expulsions: Viasna describes situation of political "
        "prisoners in 2025",
        "language": "en",
    },
    "uanews": {
        "source": "ua-news",
        "url": "https://ua.news/en/war-vs-rf/u-bilorusi-zalishaiutsia-ponad-tisiachu-politviazniv-dani-viasni",
        "title": "[UA.News: more than a thousand political prisoners remain in Belarus, Viasna data]",
        "language": "en",
    },
    "viasna-115675": {
        "source": "viasna",
        "url": "https://spring96.org/en/news/115675",
        "title": "[Viasna news item 115675: political prisoners freed under the July 2024 amnesty]",
        "language": "en",
    },
    "novaya-2024-amnesty": {
        "source": "novaya-gazeta-europe",
        "url": "https://novayagazeta.eu/amp/articles/2024/07/04/belarusian-political-prisoner-with-cancer-freed-by-lukashenko-in-rare-amnesty-en-news",
        "title": "Belarusian political prisoner with cancer freed by Lukashenko in rare amnesty",
        "language": "en",
        "published_on": "2024-07-04",
    },
    "babel-three": {
        "source": "babel",
        "url": "https://babel.ua/en/news/115368-belarus-releases-three-political-prisoners-including-an-american-and-a-radio-liberty-journalist",
        "title": "Belarus releases three political prisoners, including an American and a Radio "
        "Liberty journalist",
        "language": "en",
    },
    "delfi-three": {
        "source": "delfi",
        "url": "https://delfi.lt/en/politics/three-detainees-including-us-citizen-freed-in-belarus-and-brought-to-lithuania-120086324",
        "title": "Three detainees, including US citizen, freed in Belarus and brought to Lithuania",
        "language": "en",
    },
    "stratnews-tsikhanouski": {
        "source": "stratnews-global",
        "url": "https://stratnewsglobal.com/europe/belarus/belarus-opposition-leader-tsikhanouski-freed-in-us-brokered-agreement",
        "title": "Belarus opposition leader Tsikhanouski freed in US-brokered agreement",
        "language": "en",
    },
    "tribecans-tsikhanouski": {
        "source": "tribecans",
        "url": "https://news.tribecans.com/22-06-2025/belarus-frees-opposition-leader.html",
        "title": "Belarus frees opposition leader",
        "language": "en",
        "published_on": "2025-06-22",
    },
    "svoboda-losik-video": {
        "source": "rferl",
        "url": "https://radiosvoboda.org/a/video-losik-na-voli/33528936.html",
        "title": "[Radio Svoboda video: Ihar Losik free]",
        "language": "uk",
    },
    "insider-284864": {
        "source": "the-insider",
        "url": "https://theins.co/en/news/284864",
        "title": "[The Insider news item 284864: the 11 September 2025 pardon; Statkevich "
        "refuses to leave]",
        "language": "en",
    },
    "kyiv-independent-25": {
        "source": "kyiv-independent",
        "url": "https://kyivindependent.com/lukashenko-pardons-25-prisoners-ahead-of-unity-day",
        "title": "Lukashenko pardons 25 prisoners ahead of Unity Day",
        "language": "en",
    },
    "menafn-31": {
        "source": "menafn",
        "url": "https://menafn.com/1110384106/Belarus-pardons-thirty-one-Ukrainians-under-deal-with-Trump",
        "title": "Belarus pardons thirty-one Ukrainians under deal with Trump",
        "language": "en",
    },
    "novaya-catch-and-release": {
        "source": "novaya-gazeta-europe",
        "url": "https://novayagazeta.eu/articles/2025/12/15/catch-and-release-en",
        "title": "Catch and release",
        "language": "en",
        "published_on": "2025-12-15",
    },
    "svoboda-names-published": {
        "source": "rferl",
        "url": "https://radiosvoboda.org/a/news-ukrajina-opryljudnyla-imena-zvilnenyh-bilorusiv/33622430.html",
        "title": "[Radio Svoboda: Ukraine publishes the names of the freed Belarusians]",
        "language": "uk",
    },
    "kuruc-296289": {
        "source": "kuruc-info",
        "url": "https://kuruc.info/r/67/296289/",
        "title": "[kuruc.info item 296289: the 13 December 2025 release]",
        "language": "hu",
    },
    "yahoo-bialiatski-sentence": {
        "source": "yahoo-news",
        "url": "https://news.yahoo.com/belarusian-court-sentences-nobel-prize-111600075.html",
        "title": "[Yahoo News: a Belarusian court sentences the Nobel Peace Prize laureate Ales Bialiatski]",
        "language": "en",
    },
    "svoboda-kalesnikava-bialiatski": {
        "source": "rferl",
        "url": "https://radiosvoboda.org/a/news-bilorus-zvilnennja-politvjazniv-kolesnykova-beljackyj/33622347.html",
        "title": "[Radio Svoboda: Belarus frees political prisoners, Kalesnikava and Bialiatski among them]",
        "language": "uk",
    },
    "voice-kalesnikava-znak-sentence": {
        "source": "voice-of-belarus",
        "url": "https://voiceofbelarus.org/belarus-news/maria-kalesnikava-was-sentenced-to-11-years-in-prison-maksim-znak-to-10-years/",
        "title": "Maria Kalesnikava was sentenced to 11 years in prison, Maksim Znak to 10 years",
        "language": "en",
    },
    "belsat-appeal": {
        "source": "belsat",
        "url": "https://belsat.eu/en/news/24-12-2021-minsk-supreme-court-upholds-harsh-sentences-imposed-on-maryia-kalesnikava-maksim-znak/",
        "title": "Minsk Supreme Court upholds harsh sentences imposed on Maryia Kalesnikava, Maksim Znak",
        "language": "en",
        "published_on": "2021-12-24",
    },
    "rbc-babaryka": {
        "source": "rbc",
        "url": "https://rbc.ru/politics/13/12/2025/693d7a6e9a794732489930f8",
        "title": "[RBC, 13 December 2025: the pardon that freed Viktar Babaryka]",
        "language": "ru",
        "published_on": "2025-12-13",
    },
    "vedomosti-babaryka": {
        "source": "vedomosti",
        "url": "https://vedomosti.ru/politics/news/2025/12/13/1163036-lukashenko-osvobodil",
        "title": "[Vedomosti, 13 December 2025: Lukashenko frees prisoners]",
        "language": "ru",
        "published_on": "2025-12-13",
    },
    "tavisupleba-znak": {
        "source": "rferl",
        "url": "https://radiotavisupleba.ge/a/33622375.html",
        "title": "[Radio Tavisupleba item 33622375: the 13 December 2025 release]",
        "language": "ka",
    },
    "interfax-73376": {
        "source": "interfax",
        "url": "https://interfax.com/newsroom/top-stories/73376/",
        "title": "[Interfax top story 73376: Tsikhanouski's sentence]",
        "language": "en",
    },
    "tass-1375343": {
        "source": "tass",
        "url": "https://tass.com/world/1375343",
        "title": "[TASS item 1375343: Tsikhanouski's sentence]",
        "language": "en",
    },
    "itta-tsikhanouski": {
        "source": "itta",
        "url": "https://itta.info/en/belarusian-opposition-activist-tikhanovsky-serving-18-year-sentence-gets-one-more/",
        "title": "Belarusian opposition activist Tikhanovsky, serving 18-year sentence, gets one more",
        "language": "en",
    },
    "bangladesh-post-statkevich": {
        "source": "bangladesh-post",
        "url": "https://bangladeshpost.net/posts/belarusian-politician-mikola-statkevich-returned-to-prison-after-resisting-forced-exile-164158",
        "title": "Belarusian politician Mikola Statkevich returned to prison after resisting forced exile",
        "language": "en",
    },
    "ukraine-news-top-19205": {
        "source": "ukraine-news-top",
        "url": "https://ukraine-news.top/?p=19205",
        "title": "[ukraine-news.top item 19205: Statkevich reported freed, February 2026]",
    },
    "pozirk-93819": {
        "source": "pozirk",
        "url": "https://pozirk.online/en/news/93819",
        "title": "[Pozirk news item 93819: Ryhor Kastusiou freed under the amnesty]",
        "language": "en",
    },
    "usagm-losik": {
        "source": "usagm",
        "url": "https://usagm.gov/news-and-information/threats-to-press/ihar-losik",
        "title": "Ihar Losik",
        "language": "en",
    },
    "united24-losik": {
        "source": "united24-media",
        "url": "https://united24media.com/latest-news/radio-free-europe-journalist-ihar-losik-freed-after-more-than-five-years-in-belarus-prison-11611",
        "title": "Radio Free Europe journalist Ihar Losik freed after more than five years in "
        "Belarus prison",
        "language": "en",
    },
    "mynorthwest-three": {
        "source": "mynorthwest",
        "url": "https://mynorthwest.com/national/belarus-releases-3-people-including-an-american-and-a-jailed-journalist/4044769",
        "title": "Belarus releases 3 people, including an American and a jailed journalist",
        "language": "en",
    },
    "nasha-niva-383497": {
        "source": "nasha-niva",
        "url": "https://nashaniva.com/en/383497",
        "title": "[Nasha Niva item 383497: Aliaksandr Fiaduta among those freed]",
        "language": "en",
    },
    "blog-labkovich": {
        "source": "minkristnasamhllsblogg",
        "url": "https://minkristnasamhllsblogg.blogspot.com/2025/12/belarus-release-and-deportation-of.html",
        "title": "[Blog post, December 2025: the release and deportation of prisoners from Belarus]",
        "published_on": "2025-12",
    },
    "tvn24-poczobut": {
        "source": "tvn24",
        "url": "https://tvn24.pl/tvn24-news-in-english/belarusian-political-prisoner-andrzej-poczobut-moved-out-of-solitary-confinement-in-penal-colony-st8196985",
        "title": "Belarusian political prisoner Andrzej Poczobut moved out of solitary confinement "
        "in penal colony",
        "language": "en",
    },
    "wpigulce-poczobut": {
        "source": "warszawa-w-pigulce",
        "url": "https://warszawawpigulce.pl/msz-ujawnia-najnowsze-informacje-bialorus-nie-zgodzila-sie-na-uwolnienie-poczobuta/",
        "title": "[Warszawa w Pigułce: Polish foreign ministry says Belarus did not agree to free Poczobut]",
        "language": "pl",
    },
    "belsat-360": {
        "source": "belsat",
        "url": "https://belsat.eu/en/news/29-04-2021-number-of-political-prisoners-in-belarus-reaches-360/",
        "title": "Number of political prisoners in Belarus reaches 360",
        "language": "en",
        "published_on": "2021-04-29",
    },
    "svaboda-811": {
        "source": "rferl",
        "url": "https://svaboda.org/amp/31524044.html",
        "title": "[Radio Svaboda item 31524044: Viasna's count of 811 political prisoners]",
        "language": "be",
    },
    "viasna-115297": {
        "source": "viasna",
        "url": "https://spring96.org/en/news/115297",
        "title": "[Viasna news item 115297: political prisoner counts, May 2024]",
        "language": "en",
    },
    "babel-1164": {
        "source": "babel",
        "url": "https://babel.ua/en/news/119358-lukashenko-pardons-16-convicts-including-for-extremist-crimes",
        "title": "Lukashenko pardons 16 convicts, including for extremist crimes",
        "language": "en",
    },
}

# --------------------------------------------------------------------------------------
# Release events and what each source said about them. A citation is a document key,
# or (document key, confidence) when the facts give less than high confidence.
# --------------------------------------------------------------------------------------

DEC_13 = "2025-12-13-pardon-123"
SEP_11 = "2025-09-11-pardon-52"

EVENTS: list[dict[str, Any]] = [
    {
        "slug": "2024-07-03-amnesty",
        "date": "2024-07-03",
        "title": "Amnesty frees seriously ill political prisoners",
        "kind": EventKind.AMNESTY,
        "mediators": "",
        "context": "A Belarusian amnesty law; no foreign mediation was reported.",
        "summary": "Under an amnesty law, political prisoners with serious illnesses were let "
        "go. Viasna counted at least 18 of them by 5 July 2024. No expulsions were reported: "
        "those freed remained in Belarus.",
        "cite": ["viasna-115675", "novaya-2024-amnesty"],
        "counts": [
            {
                "metric": CountMetric.RELEASED,
                "value": 18,
                "qualifier": Qualifier.AT_LEAST,
                "source": "viasna",
                "note": "Viasna's count as of 5 July 2024, relayed by Novaya Gazeta Europe.",
                "cite": ["novaya-2024-amnesty"],
            },
        ],
    },
    {
        "slug": "2025-02-12-release-3",
        "date": "2025-02-12",
        "title": "Three prisoners freed and driven to Vilnius",
        "kind": EventKind.OTHER,
        "mediators": "US Deputy Assistant Secretary of State Chris Smith",
        "context": "The release took place while Chris Smith, a US Deputy Assistant Secretary "
        "of State, was in Minsk.",
        "summary": "Three prisoners were freed and taken by road to Vilnius, Lithuania. One "
        "of them was the RFE/RL journalist Andrey Kuznechyk.",
        "cite": ["babel-three", "delfi-three"],
        "counts": [
            {
                "metric": CountMetric.RELEASED,
                "value": 3,
                "source": "babel",
                "cite": ["babel-three"],
            },
            {
                "metric": CountMetric.RELEASED,
                "value": 3,
                "source": "delfi",
                "cite": ["delfi-three"],
            },
            {
                "metric": CountMetric.TRANSFERRED_TO,
                "country": "LT",
                "value": 3,
                "source": "delfi",
                "cite": ["delfi-three"],
            },
        ],
    },
    {
        "slug": "2025-06-21-pardon-14",
        "date": "2025-06-21",
        "title": "Fourteen freed after US envoy Keith Kellogg meets Lukashenko",
        "kind": EventKind.PARDON,
        "mediators": "US envoy Keith Kellogg",
        "context": "Followed Keith Kellogg's meeting with Lukashenko, the most senior US "
        "contact with Belarus in years.",
        "summary": "Fourteen prisoners, Siarhei Tsikhanouski among them, were freed and "
        "brought to Lithuania.",
        "cite": ["seed", "stratnews-tsikhanouski", "tribecans-tsikhanouski"],
        "counts": [
            {"metric": CountMetric.RELEASED, "value": 14, "source": "bloomberg", "cite": ["seed"]},
            {
                "metric": CountMetric.RELEASED,
                "value": 14,
                "source": "stratnews-global",
                "cite": ["stratnews-tsikhanouski"],
            },
        ],
    },
    {
        "slug": SEP_11,
        "date": "2025-09-11",
        "title": "52 pardoned and pushed into exile",
        "kind": EventKind.PARDON,
        "mediators": "US envoy John Coale",
        "context": "Came after John Coale met Lukashenko; the United States took the airline "
        "Belavia off its sanctions list.",
        "summary": "Fifty-two prisoners were pardoned and taken to the Lithuanian border: 38 "
        "Belarusians and 14 foreign citizens, according to RFE/RL. Fifty-one crossed into "
        "Lithuania. Mikalai Statkevich refused to leave and went back into Belarus.",
        "cite": ["seed", "svoboda-losik-video", "insider-284864"],
        "counts": [
            {
                "metric": CountMetric.RELEASED,
                "value": 52,
                "source": "rferl",
                "note": "Number announced.",
                "cite": ["svoboda-losik-video"],
            },
            {
                "metric": CountMetric.CITIZENS_OF,
                "country": "BY",
                "value": 38,
                "source": "rferl",
                "cite": ["svoboda-losik-video"],
            },
            {
                "metric": CountMetric.FOREIGN_CITIZENS,
                "value": 14,
                "source": "rferl",
                "cite": ["svoboda-losik-video"],
            },
            {
                "metric": CountMetric.TRANSFERRED_TO,
                "country": "LT",
                "value": 51,
                "source": "the-insider",
                "note": "One of the 52 refused to cross. The facts file lists this figure with "
                "the event's sources without naming the outlet; recorded under The Insider, "
                "whose page reports the refusal.",
                "cite": ["insider-284864"],
            },
            {
                "metric": CountMetric.REFUSED_EXILE,
                "value": 1,
                "source": "the-insider",
                "note": "Mikalai Statkevich.",
                "cite": ["insider-284864"],
            },
        ],
    },
    {
        "slug": "2025-09-16-pardon-25",
        "date": "2025-09-16",
        "title": "25 pardoned before National Unity Day",
        "kind": EventKind.PARDON,
        "mediators": "",
        "context": "Unilateral; announced ahead of Belarus's National Unity Day.",
        "summary": "Twenty-five prisoners, 12 women and 13 men, were pardoned. Their names "
        "were not made public and they stayed in Belarus. One report puts the pardon on 17 "
        "September 2025.",
        "cite": ["kyiv-independent-25"],
        "counts": [
            {
                "metric": CountMetric.RELEASED,
                "value": 25,
                "source": "kyiv-independent",
                "cite": ["kyiv-independent-25"],
            },
            {
                "metric": CountMetric.WOMEN,
                "value": 12,
                "source": "kyiv-independent",
                "cite": ["kyiv-independent-25"],
            },
            {
                "metric": CountMetric.MEN,
                "value": 13,
                "source": "kyiv-independent",
                "cite": ["kyiv-independent-25"],
            },
        ],
    },
    {
        "slug": "2025-11-22-pardon-31",
        "date": "2025-11-22",
        "title": "31 Ukrainian citizens pardoned and handed to Ukraine",
        "kind": EventKind.PARDON,
        "mediators": "",
        "context": "Presented as an arrangement between the US and Belarusian presidents.",
        "summary": "Thirty-one Ukrainian citizens were pardoned and handed over to Ukraine. "
        "One report dates this 20 November 2025.",
        "cite": ["menafn-31"],
        "counts": [
            {
                "metric": CountMetric.RELEASED,
                "value": 31,
                "source": "menafn",
                "cite": ["menafn-31"],
            },
            {
                "metric": CountMetric.CITIZENS_OF,
                "country": "UA",
                "value": 31,
                "source": "menafn",
                "cite": ["menafn-31"],
            },
            {
                "metric": CountMetric.TRANSFERRED_TO,
                "country": "UA",
                "value": 31,
                "source": "menafn",
                "cite": ["menafn-31"],
            },
        ],
    },
    {
        "slug": DEC_13,
        "date": "2025-12-13",
        "title": "123 pardoned after talks with US Special Envoy John Coale",
        "kind": EventKind.PARDON,
        "mediators": "US Special Envoy John Coale",
        "context": "Followed two days of talks with John Coale; the United States lifted its "
        "sanctions on Belarus's potash industry (Belaruskali).",
        "summary": "123 prisoners were pardoned, Ales Bialiatski, Maryia Kalesnikava, Viktar "
        "Babaryka and Maksim Znak among them. Most were taken to Ukraine and the rest to "
        "Lithuania; the reports disagree on how many went to Ukraine (104 or 114). Around 19 "
        "December 2025 the 109 people whose names Ukraine had published reportedly moved on "
        "from Ukraine to Poland or Lithuania. That second crossing is not recorded person by "
        "person, because no source names where each of them went.",
        "cite": [
            "seed",
            "hrw",
            "novaya-catch-and-release",
            "svoboda-names-published",
            "kuruc-296289",
        ],
        "counts": [
            {"metric": CountMetric.RELEASED, "value": 123, "source": "bloomberg", "cite": ["seed"]},
            {"metric": CountMetric.RELEASED, "value": 123, "source": "hrw", "cite": ["hrw"]},
            {
                "metric": CountMetric.TRANSFERRED_TO,
                "country": "UA",
                "value": 104,
                "source": "bloomberg",
                "note": "Bloomberg citing the Ukrainian 'Khochu Zhyty' project.",
                "cite": ["seed"],
            },
            {
                "metric": CountMetric.TRANSFERRED_TO,
                "country": "UA",
                "value": 114,
                "source": "viasna",
                "note": "Viasna's figure as relayed by the Polish press; the facts give no "
                "address for that page, so no document is cited.",
                "cite": [],
            },
            {
                "metric": CountMetric.CITIZENS_OF,
                "country": "BY",
                "value": 104,
                "source": "viasna",
                "note": "Of the 114 taken to Ukraine, per Viasna as relayed by the Polish "
                "press; no address for that page in the facts.",
                "cite": [],
            },
            {
                "metric": CountMetric.CITIZENS_OF,
                "country": "UA",
                "value": 5,
                "source": "bloomberg",
                "note": "Bloomberg citing President Zelensky.",
                "cite": ["seed"],
            },
            {
                "metric": CountMetric.TRANSFERRED_TO,
                "country": "LT",
                "value": 9,
                "source": "hrw",
                "cite": ["hrw"],
            },
            {
                "metric": CountMetric.NAMES_PUBLISHED,
                "value": 109,
                "source": "ukrainian-authorities",
                "note": "Names published by the Ukrainian side.",
                "cite": ["svoboda-names-published"],
            },
        ],
    },
]

# --------------------------------------------------------------------------------------
# People. Name kinds: the person's own-language Cyrillic (or Polish) form is official,
# romanisations (*-Latn) are transliterations, other-language forms are alternatives.
# --------------------------------------------------------------------------------------

OFFICIAL, TRANSLIT, ALT = NameKind.OFFICIAL, NameKind.TRANSLITERATION, NameKind.ALTERNATIVE
KHOCHU_ZHYTY = 'Ukrainian "Khochu Zhyty" project'

PEOPLE: list[dict[str, Any]] = [
    {
        "slug": "ales-bialiatski",
        "gender": Gender.MALE,
        "names": [
            ("Ales Bialiatski", "be-Latn", TRANSLIT),
            ("Алесь Бяляцкі", "be", OFFICIAL),
            ("Алесь Беляцкий", "ru", ALT),
            ("Ales Belyatsky", "ru-Latn", TRANSLIT),
        ],
        "occupation": "Human-rights defender; founder of Viasna; Nobel Peace Prize 2022",
        "tags": ["human-rights-defender"],
        "bio": "Founded the Viasna human-rights centre and shared the 2022 Nobel Peace Prize. "
        "Arrested in July 2021 and given ten years in March 2023 on smuggling and "
        "public-order financing charges; pardoned in December 2025 and deported to Lithuania.",
        "cite": ["seed", "yahoo-bialiatski-sentence", "svoboda-kalesnikava-bialiatski"],
        "detentions": [
            {
                "detained_on": "2021-07",
                "charges": [
                    ("228", "4", "smuggling by an organised group"),
                    ("342", "2", "financing group actions grossly violating public order"),
                ],
                "cite": ["yahoo-bialiatski-sentence"],
                "sentences": [
                    {
                        "sentenced_on": "2023-03-03",
                        "months": 120,
                        "court": "Lenin District Court of Minsk",
                        "cite": ["yahoo-bialiatski-sentence"],
                    }
                ],
                "release": {
                    "event": DEC_13,
                    "released_on": "2025-12-13",
                    "kind": ReleaseKind.PARDON,
                    "outcome": Outcome.FORCIBLY_DEPORTED,
                    "cite": ["seed", "svoboda-kalesnikava-bialiatski"],
                    "transfers": [
                        {"to": "LT", "date": "2025-12-13", "forced": True},
                    ],
                },
            }
        ],
    },
    {
        "slug": "maryia-kalesnikava",
        "gender": Gender.FEMALE,
        "names": [
            ("Maryia Kalesnikava", "be-Latn", TRANSLIT),
            ("Maria Kalesnikava", "en", ALT),
            ("Maria Kolesnikova", "ru-Latn", TRANSLIT),
            ("Мария Колесникова", "ru", ALT),
        ],
        "occupation": "Musician (flautist); head of Viktar Babaryka's campaign; member of the "
        "Coordination Council presidium",
        "tags": ["musician", "politician"],
        "bio": "A flautist who ran Viktar Babaryka's 2020 campaign and sat on the presidium of "
        "the opposition Coordination Council. Seized in Minsk in September 2020, sentenced to "
        "eleven years in 2021, and pardoned in December 2025, when she was taken to Ukraine.",
        "cite": [
            "seed",
            "voice-kalesnikava-znak-sentence",
            "belsat-appeal",
            "novaya-catch-and-release",
        ],
        "detentions": [
            {
                "detained_on": "2020-09-07",
                "place": "Minsk",
                "note": "Abducted in Minsk.",
                "charges": [("357", "1", ""), ("361", "3", ""), ("361-1", "1", "")],
                "cite": ["voice-kalesnikava-znak-sentence"],
                "sentences": [
                    {
                        "sentenced_on": "2021-09-06",
                        "months": 132,
                        "court": "Minsk Regional Court",
                        "note": "Appeal rejected on 24 December 2021.",
                        "cite": ["voice-kalesnikava-znak-sentence", "belsat-appeal"],
                    }
                ],
                "release": {
                    "event": DEC_13,
                    "released_on": "2025-12-13",
                    "kind": ReleaseKind.PARDON,
                    "outcome": Outcome.FORCIBLY_DEPORTED,
                    "cite": ["seed", "novaya-catch-and-release"],
                    "transfers": [
                        {"to": "UA", "date": "2025-12-13", "forced": True, "via": KHOCHU_ZHYTY},
                    ],
                },
            }
        ],
    },
    {
        "slug": "viktar-babaryka",
        "gender": Gender.MALE,
        "names": [
            ("Viktar Babaryka", "be-Latn", TRANSLIT),
            ("Viktor Babariko", "ru-Latn", TRANSLIT),
            ("Віктар Бабарыка", "be", OFFICIAL),
            ("Виктор Бабарико", "ru", ALT),
        ],
        "occupation": "Former head of Belgazprombank; would-be candidate in the 2020 "
        "presidential election",
        "tags": ["politician"],
        "bio": "Ran Belgazprombank before seeking the presidency in 2020. Arrested that June "
        "and sentenced in 2021 to fourteen years for bribe-taking and money laundering; "
        "pardoned in December 2025 and taken to Ukraine.",
        "cite": ["seed", "rbc-babaryka", "vedomosti-babaryka"],
        "detentions": [
            {
                "detained_on": "2020-06-18",
                "note": "Charged with bribe-taking on an especially large scale and with money "
                "laundering (the facts give no article numbers).",
                "cite": ["seed", "rbc-babaryka", "vedomosti-babaryka"],
                "sentences": [
                    {
                        "sentenced_on": "2021-07-06",
                        "months": 168,
                        "court": "Supreme Court",
                        "cite": ["seed", "rbc-babaryka", "vedomosti-babaryka"],
                    }
                ],
                "release": {
                    "event": DEC_13,
                    "released_on": "2025-12-13",
                    "kind": ReleaseKind.PARDON,
                    "outcome": Outcome.FORCIBLY_DEPORTED,
                    "cite": ["seed", "rbc-babaryka", "vedomosti-babaryka"],
                    "transfers": [
                        {"to": "UA", "date": "2025-12-13", "forced": True, "via": KHOCHU_ZHYTY},
                    ],
                },
            }
        ],
    },
    {
        "slug": "maksim-znak",
        "gender": Gender.MALE,
        "names": [
            ("Maksim Znak", "be-Latn", TRANSLIT),
            ("Maxim Znak", "en", ALT),
            ("Максим Знак", "ru", ALT),
        ],
        "occupation": "Lawyer on Viktar Babaryka's campaign; member of the Coordination "
        "Council presidium",
        "tags": ["lawyer", "politician"],
        "bio": "A lawyer who worked for Babaryka's campaign and sat on the Coordination "
        "Council presidium. Detained in September 2020 and sentenced alongside Kalesnikava to "
        "ten years; pardoned in December 2025 and taken to Ukraine.",
        "cite": ["seed", "voice-kalesnikava-znak-sentence", "tavisupleba-znak"],
        "detentions": [
            {
                "detained_on": "2020-09-09",
                "charges": [("357", "1", ""), ("361", "3", ""), ("361-1", "1", "")],
                "cite": ["voice-kalesnikava-znak-sentence"],
                "sentences": [
                    {
                        "sentenced_on": "2021-09-06",
                        "months": 120,
                        "cite": ["voice-kalesnikava-znak-sentence"],
                    }
                ],
                "release": {
                    "event": DEC_13,
                    "released_on": "2025-12-13",
                    "kind": ReleaseKind.PARDON,
                    "outcome": Outcome.FORCIBLY_DEPORTED,
                    "cite": ["seed", "tavisupleba-znak"],
                    "transfers": [
                        {"to": "UA", "date": "2025-12-13", "forced": True, "via": KHOCHU_ZHYTY},
                    ],
                },
            }
        ],
    },
    {
        "slug": "siarhei-tsikhanouski",
        "gender": Gender.MALE,
        "names": [
            ("Siarhei Tsikhanouski", "be-Latn", TRANSLIT),
            ("Sergei Tikhanovsky", "ru-Latn", TRANSLIT),
            ("Сяргей Ціханоўскі", "be", OFFICIAL),
        ],
        "occupation": "Video blogger; would-be candidate in the 2020 presidential election",
        "tags": ["blogger", "politician"],
        "bio": "A video blogger who tried to run for president in 2020. Arrested in Hrodna in "
        "May 2020, sentenced to eighteen years in 2021 and to a further eighteen months in "
        "2023; pardoned in June 2025 and brought to Lithuania.",
        "cite": ["seed", "interfax-73376", "tass-1375343", "itta-tsikhanouski"],
        "detentions": [
            {
                "detained_on": "2020-05-29",
                "place": "Hrodna",
                "note": "Charged with organising mass riots, among other counts (the facts give "
                "no article number for these).",
                "charges": [("411", "2", "")],
                "cite": ["interfax-73376", "tass-1375343"],
                "sentences": [
                    {
                        "sentenced_on": "2021-12-14",
                        "months": 216,
                        "court": "Gomel Regional Court",
                        "cite": ["interfax-73376", "tass-1375343"],
                    },
                    {
                        "sentenced_on": "2023-02-27",
                        "months": 18,
                        "note": "Added under Art. 411 part 2, for 19.5 years in all.",
                        "cite": ["itta-tsikhanouski"],
                    },
                ],
                "release": {
                    "event": "2025-06-21-pardon-14",
                    "released_on": "2025-06-21",
                    "kind": ReleaseKind.PARDON,
                    "outcome": Outcome.LEFT,
                    "note": "Brought to Lithuania; the facts do not say whether he had a choice.",
                    "cite": ["seed", "stratnews-tsikhanouski", "tribecans-tsikhanouski"],
                    "transfers": [{"to": "LT", "date": "2025-06-21", "forced": False}],
                },
            }
        ],
    },
    {
        "slug": "mikalai-statkevich",
        "gender": Gender.MALE,
        "names": [
            ("Mikalai Statkevich", "be-Latn", TRANSLIT),
            ("Мікола Статкевіч", "be", OFFICIAL),
            ("Николай Статкевич", "ru", ALT),
            ("Nikolai Statkevich", "ru-Latn", TRANSLIT),
        ],
        "occupation": "Opposition politician; candidate in the 2010 presidential election",
        "tags": ["politician"],
        "bio": "An opposition politician who ran for president in 2010. Held from May 2020 "
        "and sentenced to fourteen years in the same trial as Tsikhanouski. Pardoned in "
        "September 2025, he refused to be pushed out of the country and was soon back in a "
        "penal colony; his wife reported him free in February 2026, which a single source "
        "carries.",
        "cite": [
            "insider-284864",
            "bangladesh-post-statkevich",
            ("ukraine-news-top-19205", Confidence.LOW),
        ],
        "detentions": [
            {
                "detained_on": "2020-05",
                "note": "Charged with organising mass riots (the facts give no article number).",
                "cite": ["insider-284864", "bangladesh-post-statkevich"],
                "sentences": [
                    {
                        "sentenced_on": "2021-12-14",
                        "months": 168,
                        "court": "Gomel Regional Court",
                        "note": "Same trial as Siarhei Tsikhanouski.",
                        "cite": ["insider-284864", "bangladesh-post-statkevich"],
                    }
                ],
                "release": {
                    "event": SEP_11,
                    "released_on": "2025-09-11",
                    "kind": ReleaseKind.PARDON,
                    "outcome": Outcome.REFUSED_EXILE,
                    "note": "Refused to leave and went back into Belarus.",
                    "cite": ["insider-284864", "bangladesh-post-statkevich"],
                    "transfers": [],
                },
            },
            {
                "detained_on": "2025-09-15",
                "facility": "Hlybokaye penal colony",
                "note": "Back in the colony by about 15 September 2025, days after refusing "
                "exile; the exact date is approximate. The end date rests on a single, "
                "low-confidence report.",
                "cite": ["bangladesh-post-statkevich"],
                "sentences": [],
                "release": {
                    "event": None,
                    "released_on": "2026-02-19",
                    "kind": ReleaseKind.OTHER,
                    "outcome": "",
                    "confidence": Confidence.LOW,
                    "note": "Reported by his wife; carried by a single source. How he was freed "
                    "and where he went are not reported.",
                    "cite": [("ukraine-news-top-19205", Confidence.LOW)],
                    "transfers": [],
                },
            },
        ],
    },
    {
        "slug": "ryhor-kastusiou",
        "gender": Gender.MALE,
        "names": [
            ("Ryhor Kastusiou", "be-Latn", TRANSLIT),
            ("Рыгор Кастусёў", "be", OFFICIAL),
        ],
        "occupation": "Chairman of the BPF Party; candidate in the 2010 presidential election",
        "tags": ["politician"],
        "bio": "Leads the BPF Party and stood for president in 2010. Arrested in April 2021 "
        "and given ten years in 2022 for an alleged plot to seize power; freed under the July "
        "2024 amnesty while ill with cancer, and stayed in Belarus.",
        "cite": ["viasna-115675", "pozirk-93819"],
        "detentions": [
            {
                "detained_on": "2021-04",
                "note": "Charged with conspiracy to seize power (the facts give no article "
                "number).",
                "cite": ["viasna-115675", "pozirk-93819"],
                "sentences": [
                    {
                        "sentenced_on": "2022-09",
                        "months": 120,
                        "court": "Minsk Regional Court",
                        "cite": ["viasna-115675", "pozirk-93819"],
                    }
                ],
                "release": {
                    "event": "2024-07-03-amnesty",
                    "released_on": "2024-07-03",
                    "kind": ReleaseKind.AMNESTY,
                    "outcome": Outcome.STAYED,
                    "confidence": Confidence.MEDIUM,
                    "note": "Freed while ill with cancer.",
                    "cite": [
                        ("viasna-115675", Confidence.MEDIUM),
                        ("pozirk-93819", Confidence.MEDIUM),
                    ],
                    "transfers": [],
                },
            }
        ],
    },
    {
        "slug": "ihar-losik",
        "gender": Gender.MALE,
        "names": [
            ("Ihar Losik", "be-Latn", TRANSLIT),
            ("Igor Losik", "ru-Latn", TRANSLIT),
        ],
        "occupation": "Blogger; RFE/RL contributor",
        "tags": ["blogger", "journalist"],
        "bio": "A blogger who contributed to RFE/RL. Arrested in Baranavichy in June 2020 "
        "and sentenced to fifteen years; pardoned in September 2025 and sent to Lithuania.",
        "cite": ["usagm-losik", "united24-losik", "svoboda-losik-video"],
        "detentions": [
            {
                "detained_on": "2020-06-25",
                "place": "Baranavichy",
                "cite": ["usagm-losik"],
                "sentences": [
                    {"sentenced_on": "2021-12-14", "months": 180, "cite": ["usagm-losik"]},
                ],
                "release": {
                    "event": SEP_11,
                    "released_on": "2025-09-11",
                    "kind": ReleaseKind.PARDON,
                    "outcome": Outcome.FORCIBLY_DEPORTED,
                    "cite": ["united24-losik", "svoboda-losik-video"],
                    "transfers": [{"to": "LT", "date": "2025-09-11", "forced": True}],
                },
            }
        ],
    },
    {
        "slug": "andrey-kuznechyk",
        "gender": Gender.MALE,
        "names": [("Andrey Kuznechyk", "be-Latn", TRANSLIT)],
        "occupation": "Journalist, RFE/RL",
        "tags": ["journalist"],
        "bio": "An RFE/RL journalist, arrested in November 2021 and sentenced to six years in "
        "2022. Freed in February 2025 and driven to Lithuania.",
        "cite": ["babel-three", "mynorthwest-three"],
        "detentions": [
            {
                "detained_on": "2021-11-25",
                "cite": ["babel-three", "mynorthwest-three"],
                "sentences": [
                    {
                        "sentenced_on": "2022-06",
                        "months": 72,
                        "cite": ["babel-three", "mynorthwest-three"],
                    },
                ],
                "release": {
                    "event": "2025-02-12-release-3",
                    "released_on": "2025-02-12",
                    "kind": ReleaseKind.OTHER,
                    "outcome": Outcome.LEFT,
                    "note": "Freed and driven to Vilnius; the facts do not say by what legal "
                    "means he was freed, nor whether leaving was his choice.",
                    "cite": ["babel-three", "mynorthwest-three"],
                    "transfers": [{"to": "LT", "date": "2025-02-12", "forced": False}],
                },
            }
        ],
    },
    {
        "slug": "aliaksandr-fiaduta",
        "gender": Gender.MALE,
        "names": [("Aliaksandr Fiaduta", "be-Latn", TRANSLIT)],
        "occupation": "Political scientist",
        "tags": ["political-scientist"],
        "bio": "A political scientist, detained in 2021 and pardoned in December 2025, when "
        "he was taken to Ukraine.",
        "cite": ["nasha-niva-383497"],
        "detentions": [
            {
                "detained_on": "2021",
                "cite": ["nasha-niva-383497"],
                "sentences": [],
                "release": {
                    "event": DEC_13,
                    "released_on": "2025-12-13",
                    "kind": ReleaseKind.PARDON,
                    "outcome": Outcome.FORCIBLY_DEPORTED,
                    "cite": ["nasha-niva-383497"],
                    "transfers": [
                        {"to": "UA", "date": "2025-12-13", "forced": True, "via": KHOCHU_ZHYTY},
                    ],
                },
            }
        ],
    },
    {
        "slug": "uladzimir-labkovich",
        "gender": Gender.MALE,
        "names": [("Uladzimir Labkovich", "be-Latn", TRANSLIT)],
        "occupation": "Lawyer at Viasna",
        "tags": ["lawyer", "human-rights-defender"],
        "bio": "A lawyer with Viasna, sentenced to seven years in March 2023 and pardoned in "
        "December 2025, according to a secondary source.",
        "cite": [("blog-labkovich", Confidence.MEDIUM)],
        "detentions": [
            {
                "detained_on": None,
                "note": "Date of arrest not in the facts.",
                "cite": [("blog-labkovich", Confidence.MEDIUM)],
                "sentences": [
                    {
                        "sentenced_on": "2023-03-03",
                        "months": 84,
                        "cite": [("blog-labkovich", Confidence.MEDIUM)],
                    }
                ],
                "release": {
                    "event": DEC_13,
                    "released_on": "2025-12-13",
                    "kind": ReleaseKind.PARDON,
                    "outcome": "",
                    "confidence": Confidence.MEDIUM,
                    "note": "Reported by a secondary source only. Where he went afterwards is "
                    "not in the facts, so no outcome or border crossing is recorded.",
                    "cite": [("blog-labkovich", Confidence.MEDIUM)],
                    "transfers": [],
                },
            }
        ],
    },
    {
        "slug": "andrzej-poczobut",
        "gender": Gender.MALE,
        "names": [
            ("Andrzej Poczobut", "pl", OFFICIAL),
            ("Andrej Pačobut", "be-Latn", TRANSLIT),
            ("Анджэй Пачобут", "be", ALT),
        ],
        "occupation": "Journalist (Gazeta Wyborcza); Union of Poles in Belarus",
        "tags": ["journalist"],
        "bio": "A journalist for Gazeta Wyborcza and an activist of the Union of Poles in "
        "Belarus. Arrested in March 2021 and sentenced to eight years in 2023, he was left "
        "out of the September and December 2025 releases and remains in a penal colony.",
        "cite": ["seed", "tvn24-poczobut", "wpigulce-poczobut"],
        "detentions": [
            {
                "detained_on": "2021-03-25",
                "facility": "Navapolatsk penal colony",
                "note": "Not among those freed in September or December 2025.",
                "cite": ["tvn24-poczobut", "wpigulce-poczobut", "seed"],
                "sentences": [
                    {
                        "sentenced_on": "2023-02-08",
                        "months": 96,
                        "court": "Hrodna Regional Court",
                        "cite": ["tvn24-poczobut"],
                    }
                ],
                "release": None,
            }
        ],
    },
]

# People counted in the December 2025 release whose names we withhold. Nothing about
# them is derived from a real person: the slug and placeholder name are sequence numbers.
WITHHELD_COUNT = 3
WITHHELD_CITE: list[Any] = ["hrw", "seed"]

# Belarusian citizenship is implied for everyone named above; the facts give no other.
NAMED_CITIZENSHIP = "BY"

TAGS: dict[str, str] = {
    "human-rights-defender": "human-rights defender",
    "journalist": "journalist",
    "lawyer": "lawyer",
    "politician": "politician",
    "musician": "musician",
    "blogger": "blogger",
    "political-scientist": "political scientist",
}

# --------------------------------------------------------------------------------------
# Counts over time.
# --------------------------------------------------------------------------------------

METRICS: list[dict[str, str]] = [
    {
        "slug": "political_prisoners_current",
        "label": "Political prisoners held",
        "definition": "How many people the source counts as political prisoners who are "
        "still behind bars on the stated day. People it has stopped counting (freed, "
        "deported, dead) are not included.",
    },
    {
        "slug": "political_prisoners_current_men",
        "label": "Political prisoners held: men",
        "definition": "The men among the political prisoners the source counts as held on "
        "the stated day.",
    },
    {
        "slug": "political_prisoners_current_women",
        "label": "Political prisoners held: women",
        "definition": "The women among the political prisoners the source counts as held on "
        "the stated day.",
    },
    {
        "slug": "recognised_since_2020",
        "label": "Recognised as political prisoners since 2020",
        "definition": "Everyone the source has recognised as a political prisoner from 2020 "
        "up to the stated day, whether or not they are still held: a running total that "
        "never falls.",
    },
    {
        "slug": "pardoned_us_mediated_year_to_date",
        "label": "Pardoned with US mediation this year",
        "definition": "People pardoned in releases brokered by the United States, from 1 "
        "January of the stated day's year up to that day.",
    },
    {
        "slug": "pardoned_since_july_2024",
        "label": "Pardoned since July 2024",
        "definition": "Political prisoners pardoned from July 2024, when the current run of "
        "pardons began, up to the stated day.",
    },
    {
        "slug": "forcibly_expelled_year_to_date",
        "label": "Forcibly expelled this year",
        "definition": "People freed on condition of, or by means of, removal from the "
        "country, from 1 January of the stated day's year up to that day.",
    },
    {
        "slug": "newly_recognised_year_to_date",
        "label": "Newly recognised this year",
        "definition": "People the source first recognised as political prisoners between 1 "
        "January of the stated day's year and that day.",
    },
]

VIASNA_YEAR_END = "Year-end totals Viasna published with its 23 December 2025 count."

OBSERVATIONS: list[dict[str, Any]] = [
    {
        "metric": "political_prisoners_current",
        "as_of": "2021-04-29",
        "value": 360,
        "source": "viasna",
        "document": "belsat-360",
    },
    {
        "metric": "political_prisoners_current",
        "as_of": "2021-10-22",
        "value": 811,
        "source": "viasna",
        "document": "svaboda-811",
    },
    {
        "metric": "political_prisoners_current",
        "as_of": "2024-05-21",
        "value": 1374,
        "source": "viasna",
        "document": "viasna-115297",
    },
    {
        "metric": "recognised_since_2020",
        "as_of": "2024-05-21",
        "value": 3200,
        "qualifier": Qualifier.AT_LEAST,
        "source": "viasna",
        "document": "viasna-115297",
    },
    {
        "metric": "political_prisoners_current",
        "as_of": "2025-07-02",
        "value": 1164,
        "source": "viasna",
        "document": "babel-1164",
    },
    {
        "metric": "political_prisoners_current",
        "as_of": "2025-12-13",
        "value": 1200,
        "qualifier": Qualifier.MORE_THAN,
        "source": "viasna",
        "document": "seed",
        "note": "Viasna's figure as quoted by Bloomberg: the count before that day's pardon.",
    },
    {
        "metric": "political_prisoners_current",
        "as_of": "2025-12-15",
        "value": 1100,
        "qualifier": Qualifier.MORE_THAN,
        "source": "hrw",
        "document": "hrw",
    },
    {
        "metric": "political_prisoners_current",
        "as_of": "2025-12-23",
        "value": 1135,
        "source": "viasna",
        "document": "uanews",
        "also_cite": ["viasna-2025"],
    },
    {
        "metric": "political_prisoners_current_men",
        "as_of": "2025-12-23",
        "value": 968,
        "source": "viasna",
        "document": "uanews",
        "note": "968 men and 168 women make 1,136, one more than the 1,135 total reported the "
        "same day; both are kept as reported.",
    },
    {
        "metric": "political_prisoners_current_women",
        "as_of": "2025-12-23",
        "value": 168,
        "source": "viasna",
        "document": "uanews",
        "note": "968 men and 168 women make 1,136, one more than the 1,135 total reported the "
        "same day; both are kept as reported.",
    },
    {
        "metric": "pardoned_us_mediated_year_to_date",
        "as_of": "2025-12-23",
        "value": 342,
        "source": "viasna",
        "document": "viasna-2025",
        "also_cite": ["uanews"],
        "note": VIASNA_YEAR_END,
    },
    {
        "metric": "pardoned_since_july_2024",
        "as_of": "2025-12-23",
        "value": 569,
        "source": "viasna",
        "document": "viasna-2025",
        "also_cite": ["uanews"],
        "note": VIASNA_YEAR_END,
    },
    {
        "metric": "forcibly_expelled_year_to_date",
        "as_of": "2025-12-23",
        "value": 189,
        "source": "viasna",
        "document": "viasna-2025",
        "also_cite": ["uanews"],
        "note": VIASNA_YEAR_END,
    },
    {
        "metric": "newly_recognised_year_to_date",
        "as_of": "2025-12-23",
        "value": 509,
        "source": "viasna",
        "document": "viasna-2025",
        "also_cite": ["uanews"],
        "note": VIASNA_YEAR_END,
    },
]


# --------------------------------------------------------------------------------------
# Loading.
# --------------------------------------------------------------------------------------


def _date(text: str | None) -> tuple[datetime.date | None, str]:
    """'2021-07' → (2021-07-01, 'month'); None → (None, 'day')."""
    if text is None:
        return None, "day"
    return parse_partial(text)


class _Loader:
    """Writes the demo rows; remembers what it touched so the summary counts only them."""

    def __init__(self) -> None:
        self.created = 0
        self.touched: dict[str, set[int]] = defaultdict(set)
        self.sources: dict[str, Source] = {}
        self.documents: dict[str, Document] = {}
        self.events: dict[str, ReleaseEvent] = {}
        self.countries: dict[str, Country] = {}
        self.tags: dict[str, Tag] = {}

    def upsert(
        self,
        model: type[models.Model],
        *,
        lookup: dict[str, Any],
        values: dict[str, Any] | None = None,
        on_create: dict[str, Any] | None = None,
    ) -> models.Model:
        """Find by ``lookup``; create, or save only the values that differ.

        Saving unchanged rows would add a history record on every run, so a second run
        must write nothing at all.
        """
        values = values or {}
        try:
            obj = model.objects.get(**lookup)
        except model.DoesNotExist:
            obj = model(**{**values, **(on_create or {}), **lookup})
            obj.save()
            self.created += 1
        else:
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                obj.save()
        self.touched[model._meta.label].add(obj.pk)
        return obj

    def add_m2m(self, manager, wanted: list[models.Model]) -> None:
        # Only add what is missing: an empty add still records an m2m history change.
        present = set(manager.values_list("pk", flat=True))
        missing = [obj for obj in wanted if obj.pk not in present]
        if missing:
            manager.add(*missing)

    def country(self, code: str) -> Country:
        if code not in self.countries:
            self.countries[code] = Country.objects.get(code=code)
        return self.countries[code]

    def cite(self, claim_field: str, claim: models.Model, cites: list[Any], default: str) -> None:
        for item in cites:
            key, confidence = item if isinstance(item, tuple) else (item, default)
            self.upsert(
                Citation,
                lookup={"document": self.documents[key], claim_field: claim, "field": ""},
                values={"confidence": confidence},
            )

    # -- the parts, in dependency order ------------------------------------------------

    def load_sources(self) -> None:
        for row in SOURCES:
            self.sources[row["slug"]] = self.upsert(
                Source,
                lookup={"slug": row["slug"]},
                values={k: row[k] for k in ("name", "kind", "url", "notes")},
            )
        for key, row in DOCUMENTS.items():
            published_on, precision = _date(row.get("published_on"))
            source = self.sources[row["source"]]
            values = {
                "source": source,
                "title": row["title"],
                "publisher": row.get("publisher", ""),
                "authors": row.get("authors", ""),
                "language": row.get("language", ""),
                "published_on": published_on,
                "published_on_precision": precision,
            }
            if row["url"]:
                lookup = {"url": row["url"]}
            else:
                # A print or syndicated copy has no address: its outlet and title identify it.
                lookup = {"url": "", "source": source, "title": row["title"]}
                values = {k: v for k, v in values.items() if k not in lookup}
            self.documents[key] = self.upsert(Document, lookup=lookup, values=values)

    def load_tags(self) -> None:
        for slug, label in TAGS.items():
            self.tags[slug] = self.upsert(Tag, lookup={"slug": slug}, values={"label": label})

    def load_events(self) -> None:
        for row in EVENTS:
            on, precision = _date(row["date"])
            event = self.upsert(
                ReleaseEvent,
                lookup={"slug": row["slug"]},
                values={
                    "date": on,
                    "date_precision": precision,
                    "title": row["title"],
                    "kind": row["kind"],
                    "country": self.country("BY"),
                    "mediators": row["mediators"],
                    "context": row["context"],
                    "summary": row["summary"],
                },
                # Published only once cited, through the one service that checks it.
                on_create={"is_published": False},
            )
            self.events[row["slug"]] = event
            self.cite("event", event, row["cite"], Confidence.HIGH)
            for count in row["counts"]:
                country = count.get("country")
                claim = self.upsert(
                    EventCount,
                    lookup={
                        "event": event,
                        "metric": count["metric"],
                        "country": self.country(country) if country else None,
                        "source": self.sources[count["source"]],
                        "value": count["value"],
                        "qualifier": count.get("qualifier", Qualifier.EXACT),
                    },
                    values={"note": count.get("note", "")},
                )
                self.cite("event_count", claim, count["cite"], Confidence.HIGH)
            if not event.is_published:
                record_publish(record=event)

    def load_person(self, row: dict[str, Any]) -> Person:
        person = self.upsert(
            Person,
            lookup={"slug": row["slug"]},
            values={
                "name": row["names"][0][0],
                "gender": row["gender"],
                "occupation": row["occupation"],
                "bio": row["bio"],
                "name_withheld": False,
            },
            on_create={"is_published": False},
        )
        for text, language, kind in row["names"]:
            self.upsert(
                PersonName,
                lookup={"person": person, "text": text, "language": language},
                values={"kind": kind},
            )
        self.add_m2m(person.citizenships, [self.country(NAMED_CITIZENSHIP)])
        self.add_m2m(person.tags, [self.tags[slug] for slug in row["tags"]])
        self.cite("person", person, row["cite"], Confidence.HIGH)
        for spell in row["detentions"]:
            self.load_detention(person, spell)
        return person

    def load_detention(self, person: Person, spell: dict[str, Any]) -> None:
        detained_on, detained_precision = _date(spell["detained_on"])
        release_row = spell.get("release")
        ended_on, ended_precision = _date(release_row["released_on"] if release_row else None)
        detention = self.upsert(
            Detention,
            lookup={"person": person, "detained_on": detained_on},
            values={
                "detained_on_precision": detained_precision,
                "place": spell.get("place", ""),
                "court": spell.get("court", ""),
                "facility": spell.get("facility", ""),
                "ended_on": ended_on,
                "ended_on_precision": ended_precision,
                "end_reason": EndReason.RELEASED if release_row else "",
                "note": spell.get("note", ""),
            },
        )
        self.cite("detention", detention, spell["cite"], Confidence.HIGH)
        for code, part, title in spell.get("charges", []):
            self.upsert(
                Charge,
                lookup={"detention": detention, "code": code, "part": part},
                values={"title": title},
            )
        for row in spell["sentences"]:
            sentenced_on, precision = _date(row["sentenced_on"])
            sentence = self.upsert(
                Sentence,
                lookup={"detention": detention, "sentenced_on": sentenced_on},
                values={
                    "sentenced_on_precision": precision,
                    "months": row["months"],
                    "court": row.get("court", ""),
                    "note": row.get("note", ""),
                },
            )
            self.cite("sentence", sentence, row["cite"], Confidence.HIGH)
        if release_row:
            self.load_release(person, detention, release_row)

    def load_release(
        self, person: Person, detention: Detention | None, row: dict[str, Any]
    ) -> None:
        released_on, precision = _date(row["released_on"])
        event = self.events[row["event"]] if row["event"] else None
        lookup: dict[str, Any] = {"person": person, "event": event}
        if event is None:
            lookup["released_on"] = released_on
        confidence = row.get("confidence", Confidence.HIGH)
        release = self.upsert(
            Release,
            lookup=lookup,
            values={
                "detention": detention,
                "released_on": released_on,
                "released_on_precision": precision,
                "kind": row["kind"],
                "outcome": row["outcome"],
                "confidence": confidence,
                "note": row.get("note", ""),
            },
        )
        self.cite("release", release, row["cite"], confidence)
        origin = event.country if event else self.country("BY")
        for sequence, crossing in enumerate(row["transfers"], start=1):
            on, on_precision = _date(crossing["date"])
            transfer = self.upsert(
                Transfer,
                lookup={"release": release, "sequence": sequence},
                values={
                    "from_country": origin,
                    "to_country": self.country(crossing["to"]),
                    "date": on,
                    "date_precision": on_precision,
                    "via": crossing.get("via", ""),
                    "forced": crossing["forced"],
                    "confidence": confidence,
                },
            )
            self.cite("transfer", transfer, row["cite"], confidence)
            origin = transfer.to_country

    def load_withheld(self, number: int) -> Person:
        # Deliberately bare: no names, birth date, bio, occupation, tags or citizenship.
        person = self.upsert(
            Person,
            lookup={"slug": f"withheld-{number}"},
            values={
                "name": f"Withheld person {number}",
                "gender": Gender.UNKNOWN,
                "birth_date": None,
                "occupation": "",
                "bio": "",
                "name_withheld": True,
            },
            on_create={"is_published": False},
        )
        self.cite("person", person, WITHHELD_CITE, Confidence.HIGH)
        event = self.events[DEC_13]
        release = self.upsert(
            Release,
            lookup={"person": person, "event": event},
            values={
                "released_on": event.date,
                "released_on_precision": event.date_precision,
                "kind": ReleaseKind.PARDON,
                "outcome": "",
                "confidence": Confidence.HIGH,
            },
        )
        self.cite("release", release, WITHHELD_CITE, Confidence.HIGH)
        return person

    def load_people(self) -> list[Person]:
        people = [self.load_person(row) for row in PEOPLE]
        people += [self.load_withheld(n) for n in range(1, WITHHELD_COUNT + 1)]
        for person in people:
            if not person.is_published:
                record_publish(record=person)
        return people

    def load_observations(self) -> None:
        metrics = {
            row["slug"]: self.upsert(
                Metric,
                lookup={"slug": row["slug"]},
                values={"label": row["label"], "definition": row["definition"]},
            )
            for row in METRICS
        }
        for row in OBSERVATIONS:
            as_of, _ = _date(row["as_of"])
            observation = self.upsert(
                Observation,
                lookup={
                    "source": self.sources[row["source"]],
                    "metric": metrics[row["metric"]],
                    "as_of": as_of,
                },
                values={
                    "value": row["value"],
                    "qualifier": row.get("qualifier", Qualifier.EXACT),
                    "document": self.documents[row["document"]],
                    "status": ObservationStatus.PUBLISHED,
                    "note": row.get("note", ""),
                },
            )
            self.cite(
                "observation",
                observation,
                [row["document"], *row.get("also_cite", [])],
                Confidence.HIGH,
            )


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create or bring up to date the demo dataset; safe to run any number of times.

    Returns how many rows of each kind the demo consists of, plus ``created``: the rows
    this run had to create (0 on a second run).
    """
    loader = _Loader()
    loader.load_sources()
    loader.load_tags()
    loader.load_events()
    people = loader.load_people()
    loader.load_observations()
    people_status_refresh(people=Person.objects.filter(pk__in=[p.pk for p in people]))

    touched = loader.touched
    return {
        "people": len(people),
        "withheld": sum(1 for p in people if p.name_withheld),
        "names": len(touched["prisoners.PersonName"]),
        "detentions": len(touched["prisoners.Detention"]),
        "charges": len(touched["prisoners.Charge"]),
        "sentences": len(touched["prisoners.Sentence"]),
        "events": len(touched["releases.ReleaseEvent"]),
        "event_counts": len(touched["releases.EventCount"]),
        "releases": len(touched["releases.Release"]),
        "transfers": len(touched["releases.Transfer"]),
        "sources": len(touched["sources.Source"]),
        "documents": len(touched["sources.Document"]),
        "citations": len(touched["sources.Citation"]),
        "metrics": len(touched["sources.Metric"]),
        "observations": len(touched["sources.Observation"]),
        "created": loader.created,
    }
