"""The pages the browser tests visit: one of each public page type, filled as editors fill
them (hero slideshow, body blocks, attachments, contact, tags)."""

import datetime as dt
from zoneinfo import ZoneInfo

from cms.models import HomePage
from news.models import NewsIndexPage, PressReleaseAttachment, PressReleaseHeroImage
from tests.factories.media import DocumentFactory, ImageFactory
from tests.factories.news import (
    NewsCategoryFactory,
    PressContactFactory,
    PressReleasePageFactory,
)
from tests.factories.programme import (
    CallPageFactory,
    ChallengePageFactory,
    EntrepreneurFactory,
    ProgrammePageFactory,
    PromotionPageFactory,
)
from tests.utils import setup_site

PARIS = ZoneInfo("Europe/Paris")
SLIDE_ALTS = [
    "Les entrepreneurs de la promotion 3 sur l’estrade",
    "Le secrétaire d’État remet les diplômes",
    "Photo de groupe devant le ministère",
]


def press_release_body():
    return [
        {
            "type": "paragraph",
            "value": "<p>Le programme Entrepreneurs d’intérêt général entame sa troisième "
            "année avec <b>vingt-huit</b> talents du numérique.</p>",
        },
        {"type": "heading", "value": {"text": "Treize défis", "level": "h2"}},
        {
            "type": "callout",
            "value": {
                "title": "Le programme en bref",
                "text": "<p>Dix mois pour relever un défi d’intérêt général.</p>",
                "style": "callout",
            },
        },
        {
            "type": "callout",
            "value": {
                "title": "",
                "text": "<p>Les candidatures sont ouvertes jusqu’au 30 novembre.</p>",
                "style": "highlight",
            },
        },
        {
            "type": "quote",
            "value": {
                "text": "Ces talents transforment l’action publique de l’intérieur.",
                "author": "Mounir Mahjoubi",
                "author_role": "secrétaire d’État chargé du Numérique",
            },
        },
        {
            "type": "important_link",
            "value": {
                "label": "Découvrir les défis",
                "page": None,
                "url": "https://entrepreneur-interet-general.etalab.gouv.fr/defis/",
                "new_tab": False,
            },
        },
    ]


def build_public_site(releases=0):
    """The site tree with a full press release and the programme's pages; ``releases`` more
    releases tagged "data" dated in March 2017, for lists that need several pages."""
    setup_site()
    home = HomePage.objects.get()
    index = NewsIndexPage.objects.get()
    category = NewsCategoryFactory(name="Communiqué de presse")
    contact = PressContactFactory(name="Service de presse", phones=["01 23 45 67 89"])
    release = PressReleasePageFactory(
        parent=index,
        title="Lancement de la troisième promotion",
        chapeau="Vingt-huit entrepreneurs rejoignent treize administrations pour dix mois.",
        date=dt.datetime(2018, 11, 20, 10, tzinfo=PARIS),
        body=press_release_body(),
        press_contact=contact,
    )
    release.tags.add("promotion 3", "innovation")
    release.categories.add(category)
    release.save()
    for position, alt in enumerate(SLIDE_ALTS):
        colour = ("navy", "darkgreen", "maroon")[position]
        PressReleaseHeroImage.objects.create(
            page=release,
            image=ImageFactory(file__color=colour),
            alt_text=alt,
            caption=f"Photo {position + 1}",
            sort_order=position,
        )
    PressReleaseAttachment.objects.create(
        page=release, document=DocumentFactory(title="Le communiqué en PDF")
    )
    for day in range(1, releases + 1):
        extra = PressReleasePageFactory(
            parent=index,
            title=f"Données ouvertes {day:02d}",
            date=dt.datetime(2017, 3, day, 12, tzinfo=PARIS),
        )
        extra.tags.add("data")
        extra.save()

    programme = ProgrammePageFactory(parent=home)
    promotion = PromotionPageFactory(parent=programme, title="Promotion 3", short_name="EIG 3")
    challenge = ChallengePageFactory(
        parent=promotion,
        title="Prévenir les risques en mer",
        team=[EntrepreneurFactory(name="Alice Martin"), EntrepreneurFactory(name="Bob Dupont")],
    )
    call = CallPageFactory(parent=programme, title="Appel à candidatures 2019")
    return {
        "home": home,
        "index": index,
        "release": release,
        "programme": programme,
        "promotion": promotion,
        "challenge": challenge,
        "call": call,
    }
