"""The pages the browser tests visit: one of each public page type, filled as editors fill
them (hero slideshow, every body block, attachments, contact, tags, a défi's logo and
achievement)."""

import datetime as dt
from zoneinfo import ZoneInfo

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from cms.models import HomePage
from news.models import NewsIndexPage, PressReleaseAttachment, PressReleaseHeroImage
from programme.models import ChallengeAchievement
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
VIDEO_URL = "https://www.dailymotion.com/video/x7o1565"
SLIDE_ALTS = [
    "Les entrepreneurs de la promotion 3 sur l’estrade",
    "Le secrétaire d’État remet les diplômes",
    "Photo de groupe devant le ministère",
]


def press_release_body(image, document):
    """One block of each type, as the body of a press release."""
    # The video's oEmbed answer, as Wagtail caches it: no network in tests.
    Embed.objects.get_or_create(
        hash=get_embed_hash(VIDEO_URL),
        defaults={
            "url": VIDEO_URL,
            "type": "video",
            "html": '<iframe src="https://geo.dailymotion.com/player.html?video=x7o1565" '
            'width="480" height="270" allowfullscreen></iframe>',
        },
    )
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
        {"type": "heading", "value": {"text": "La promotion en images", "level": "h3"}},
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": "La promotion 3", "decorative": False},
                "caption": "La promotion 3 au ministère",
            },
        },
        {"type": "document", "value": {"document": document.pk, "label": ""}},
        {
            "type": "embed",
            "value": {
                "video": VIDEO_URL,
                "title": "Le défi CartoBio",
                "caption": "Présentation de fin de défi",
                "transcript": "Bonjour, nous sommes l’équipe CartoBio.",
            },
        },
        {
            "type": "key_figures",
            "value": {
                "title": "En chiffres",
                "figures": [
                    {"figure": "28", "label": "entrepreneurs"},
                    {"figure": "13", "label": "défis"},
                ],
            },
        },
        {
            "type": "table",
            "value": {
                "data": [["Étape", "Dates"], ["Candidatures", "13/09 – 15/10/2018"]],
                "table_header_choice": "row",
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Calendrier",
            },
        },
        {"type": "html", "value": "<p>Texte repris de l’ancien site, <em>tel quel</em>.</p>"},
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
        body=press_release_body(
            ImageFactory(file__color="teal"), DocumentFactory(title="Le dossier de presse")
        ),
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
        logo=ImageFactory(title="logo-predisauvetage"),
    )
    ChallengeAchievement.objects.create(
        page=challenge,
        title="Une carte des opérations de sauvetage",
        description="Ouverte à tous.",
        image=ImageFactory(title="carte-snosan"),
        image_alt="Carte des côtes françaises, les opérations de sauvetage en points rouges",
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
