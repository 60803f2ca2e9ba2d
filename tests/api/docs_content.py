"""The content that docs/api.md's examples are real answers about, and how to ask for them.

``docs/api_examples.py`` builds it to write the examples; ``tests/api/test_docs.py`` builds it
again to check that the API still answers in the documented shape. Its texts come from the demo
seeds (demo/seeds/, demo/programme.yml, demo/eig-data/), so the examples read like the site.

Every page type and every StreamField block type appears at least once, with each relation
filled in, so that each documented shape is complete.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import override_settings
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import APIToken, Page

from cms.models import ContentPage, HomePage, SitemapPage
from cms.publishing.preview import make_token
from news.models import NewsIndexPage, PressReleaseAttachment, PressReleaseHeroImage
from programme.models import (
    CallCriterion,
    ChallengeAchievement,
    ChallengeMentor,
    ChallengeVideo,
    JuryMember,
    PromotionJuryMember,
)
from tests.factories.media import PDF_BYTES, DocumentFactory, ImageFactory
from tests.factories.news import NewsCategoryFactory, PressContactFactory, PressReleasePageFactory
from tests.factories.programme import (
    AdministrationFactory,
    CallPageFactory,
    ChallengePageFactory,
    EntrepreneurFactory,
    MentorFactory,
    ProgrammePageFactory,
    PromotionPageFactory,
)
from tests.utils import setup_site

# A marker of docs/api.md, then what it stands for up to the end of the next code block:
# ``<!-- example: GET <path> -->`` (a JSON answer) or ``<!-- headers: GET <path> -->``.
MARKER = re.compile(
    r"^<!-- (?P<kind>example|headers|snippet): (?P<spec>.+?) -->\n(?P<body>.*?^```\n)",
    re.MULTILINE | re.DOTALL,
)
# The headers of an answer that ``headers`` examples show.
SHOWN_HEADERS = (
    "Content-Type",
    "Cache-Control",
    "Vary",
    "ETag",
    "Last-Modified",
    "Location",
    "Access-Control-Allow-Origin",
    "X-Robots-Tag",
    "WWW-Authenticate",
    "Allow",
)
PARIS = ZoneInfo("Europe/Paris")
VIDEO = "https://www.dailymotion.com/video/x7o1565"


def paris(*args):
    return dt.datetime(*args, tzinfo=PARIS)


def embed(url):
    """The video's oEmbed answer, stored as Wagtail caches it: no network in examples."""
    Embed.objects.get_or_create(
        hash=get_embed_hash(url),
        defaults={
            "url": url,
            "type": "video",
            "html": '<iframe src="https://geo.dailymotion.com/player.html?video=x7o1565"></iframe>',
        },
    )


def build():
    """Create the documented content; return the placeholders of docs/api.md's examples."""
    setup_site()
    home = HomePage.objects.get()
    index = NewsIndexPage.objects.get()
    embed(VIDEO)

    poster = ImageFactory(title="EIG3-candidature-ok", file__filename="EIG3-candidature-ok.png")
    release_pdf = DocumentFactory(
        title="CP_EIG3_Appel_a_candidatures",
        file=ContentFile(PDF_BYTES, name="CP_EIG3_Appel_a_candidatures.pdf"),
    )
    contact = PressContactFactory(
        name="Service de presse de la DINUM",
        email="presse@numerique.gouv.fr",
        phones=["01 71 21 01 70"],
    )
    category = NewsCategoryFactory(name="Communiqué de presse")

    earlier = PressReleasePageFactory(
        parent=index,
        title="Une 2ème promotion d’entrepreneurs d’intérêt général entre aujourd’hui dans "
        "l’administration !",
        slug="deuxieme-promotion-eig",
        date=paris(2018, 1, 15, 23, 0),
        chapeau="Lancé en janvier 2017, le programme « Entrepreneur.e d’intérêt général » (EIG) "
        "ouvre l’administration à des talents du numérique.",
        body=[
            (
                "paragraph",
                "<p>Après le succès de la première promotion, réunissant 11 entrepreneurs, une "
                "nouvelle promotion de 28 entrepreneurs fait son entrée dans l’administration.</p>",
            )
        ],
    )
    earlier.tags.add("entrepreneur.e d’intérêt général")
    earlier.attachments.add(
        PressReleaseAttachment(
            url="/uploads/CP_Entrepreneurs_interet_general_16012018.pdf",
            label="Télécharger le communiqué de presse",
        )
    )
    earlier.save_revision().publish()

    programme = ProgrammePageFactory(
        parent=home,
        title="Le programme Entrepreneur·e d’intérêt général",
        intro="Ouvrir l’administration à des talents du numérique pour résoudre des défis "
        "d’intérêt général au sein des ministères.",
    )
    PromotionPageFactory(
        parent=programme,
        title="Promotion EIG 2",
        short_name="EIG 2",
        number=2,
        start_date=dt.date(2018, 1, 16),
    )
    promotion = PromotionPageFactory(
        parent=programme,
        title="Promotion EIG 3",
        short_name="EIG 3",
        number=3,
        start_date=dt.date(2019, 1, 1),
        applicants_count=170,
        intro="32 entrepreneurs d’intérêt général pour 15 défis.",
    )
    PromotionJuryMember.objects.create(
        page=promotion,
        member=JuryMember.objects.create(name="Laure Lucchesi", role="Directrice, Etalab"),
    )
    agence_bio = AdministrationFactory(
        name="Agence Française pour le Développement et la Promotion de l’Agriculture Biologique",
        acronym="Agence Bio",
        ministry="Ministère de l’Agriculture et de l’Alimentation",
        website="http://www.agencebio.org",
    )
    challenge = ChallengePageFactory(
        parent=promotion,
        title="CartoBio",
        slug="cartobio",
        summary="Cartographier les parcelles cultivées en agriculture biologique",
        administration=agence_bio,
        team=[
            EntrepreneurFactory(name="Lucas Bchini", profile="development"),
            EntrepreneurFactory(name="Wojtek Sitarz", profile="data"),
        ],
        body=[
            (
                "paragraph",
                "<p>Connaître en temps réel les parcelles cultivées en bio, pour mieux "
                "accompagner les agriculteurs.</p>",
            )
        ],
        service_url="https://cartobio.agencebio.org",
        source_code_url="https://github.com/entrepreneur-interet-general/cartobio",
        poster_url="https://fichiers.eig-forever.org/posters/eig3/cartobio.pdf",
        key_figures=[("figure", {"figure": "42 000", "label": "parcelles cartographiées"})],
        logo=ImageFactory(
            title="logo-cartobio",
            file__filename="logo-cartobio.png",
            file__width=480,
            file__height=270,
        ),
    )
    challenge.themes.add("data", "web")
    challenge.save()
    ChallengeMentor.objects.create(
        page=challenge,
        mentor=MentorFactory(
            name="Samir Kebli", role="Chef de projet", kind="operational", administration=agence_bio
        ),
    )
    ChallengeVideo.objects.create(
        page=challenge,
        url=VIDEO,
        title="S’ouvrir à des communautés et à des partenaires, l’exemple du défi CartoBio",
        featured=True,
    )
    ChallengeAchievement.objects.create(
        page=challenge,
        title="Une carte des parcelles bio",
        description="Ouverte à tous, mise à jour chaque jour.",
        image=poster,
        image_alt="Carte de France des parcelles cultivées en bio",
    )
    rules = DocumentFactory(
        title="Règlement de l’appel à candidatures",
        file=ContentFile(PDF_BYTES, name="reglement-eig3.pdf"),
    )
    call = CallPageFactory(
        parent=programme,
        title="Appel à candidatures de la promotion 3",
        slug="appel-a-candidatures-promotion-3",
        audience="talents",
        promotion=promotion,
        opens_at=paris(2018, 9, 13),
        closes_at=paris(2018, 10, 15, 23, 59),
        information_meeting_at=paris(2018, 9, 20, 18, 0),
        information_meeting_url="https://www.etalab.gouv.fr/reunion-eig3",
        apply_url="https://entrepreneur-interet-general.etalab.gouv.fr/presentation.html",
        rules_document=rules,
        intro="L’État recrute 32 talents du numérique pour former une 3e promotion "
        "d’entrepreneurs d’intérêt général.",
    )
    CallCriterion.objects.create(page=call, text="Motivation")
    CallCriterion.objects.create(
        page=call, text="Compétences techniques en datascience, développement, design"
    )

    release = PressReleasePageFactory(
        parent=index,
        title="L’État recrute 32 talents du numérique pour former une 3e promotion "
        "d’entrepreneurs d’intérêt général",
        slug="appel-candidatures-eig3",
        date=paris(2018, 9, 9, 11, 18),
        chapeau="10 mois, 15 défis et 1 mission : muscler la transition numérique de l’État.",
        author="Etalab",
        press_contact=contact,
        media_on_request=True,
        body=[
            (
                "paragraph",
                "<p>Le programme <b>Entrepreneur.e d’Intérêt Général (EIG)</b> recrute pour "
                f'<a linktype="page" id="{promotion.pk}">10 mois</a> des experts du numérique '
                f'(voir <a linktype="document" id="{release_pdf.pk}">le communiqué</a>).</p>',
            ),
            ("heading", {"text": "Attirer de nouveaux profils dans l’État", "level": "h2"}),
            (
                "callout",
                {
                    "title": "Le programme en bref",
                    "text": "<ul><li>15 défis d’intérêt général</li>"
                    "<li>32 talents recrutés en CDD de 10 mois</li></ul>",
                    "style": "callout",
                },
            ),
            (
                "quote",
                {
                    "text": "C’est pour cela que nous avons besoin de talents du numérique.",
                    "author": "Mounir Mahjoubi",
                    "author_role": "secrétaire d’État chargé du Numérique",
                },
            ),
            (
                "important_link",
                {
                    "label": "Consulter l’appel à candidature",
                    "page": call,
                    "url": "",
                    "new_tab": False,
                },
            ),
            (
                "image",
                {
                    "image": {
                        "image": poster,
                        "alt_text": "L’affiche de l’appel à candidatures",
                        "decorative": False,
                    },
                    "caption": "Candidatures du 13 septembre au 15 octobre 2018",
                },
            ),
            ("document", {"document": release_pdf, "label": "Télécharger le communiqué"}),
            (
                "embed",
                {
                    "video": VIDEO,
                    "title": "L’exemple du défi CartoBio",
                    "caption": "Présentation de fin de défi",
                    "transcript": "Bonjour, nous sommes l’équipe CartoBio…",
                },
            ),
            (
                "key_figures",
                {
                    "title": "En chiffres",
                    "figures": [
                        {"figure": "10 mois", "label": "de mission"},
                        {"figure": "4 000 €", "label": "nets par mois"},
                    ],
                },
            ),
            (
                "table",
                {
                    "data": [["Étape", "Dates"], ["Candidatures", "13/09 – 15/10/2018"]],
                    "table_header_choice": "row",
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "Calendrier",
                },
            ),
            ("html", '<figure><img src="/uploads/EIG3.png" alt="EIG 3"></figure>'),
        ],
    )
    release.tags.add("datascience", "Données ouvertes")
    release.categories.add(category)
    release.hero_images.add(
        PressReleaseHeroImage(
            image=poster, alt_text="Affiche « Je candidate » de la promotion 3", caption="EIG 3"
        )
    )
    release.attachments.add(
        PressReleaseAttachment(document=release_pdf, label="Télécharger le communiqué de presse"),
        PressReleaseAttachment(url="/uploads/CP_EIG3_Appel_a_candidatures.pdf", label="Ancien CP"),
    )
    release.save_revision().publish()
    release.refresh_from_db()

    content = ContentPage(
        title="Appel à projets de la promotion 3",
        slug="page-appel-a-projets-promotion-3",
        intro="L'appel à projets pour la promotion 3 est ouvert du 4 mai au 15 juin 2018.",
        body=[
            (
                "promotion_figures",
                {
                    "title": "La promotion 3 en bref",
                    "promotion": promotion,
                    "figures": ["challenges", "entrepreneurs", "duration", "pay"],
                },
            ),
        ],
    )
    home.add_child(instance=content)
    home.refresh_from_db()
    home.body = [("paragraph", "<p>Des talents du numérique au service de l’État.</p>")]
    home.save_revision().publish()
    # The factories save pages live without a publication; the site's pages have one.
    for page in Page.objects.filter(first_published_at__isnull=True, depth__gt=1).specific():
        page.save_revision().publish()

    # A draft after the published version: what a headless preview shows.
    release.title = release.title + " (brouillon)"
    draft = release.save_revision()

    # v3 reads show what the token's user may edit: here, an editor's.
    user = get_user_model().objects.create_user("partenaire", "partenaire@example.gouv.fr")
    user.groups.add(Group.objects.get(name="Editors"))
    _token, key = APIToken.create_token(user=user, name="Site partenaire")

    return {
        "home": home.pk,
        "news_index": index.pk,
        "press_release": release.pk,
        "content_page": content.pk,
        "sitemap_page": SitemapPage.objects.get().pk,
        "programme": programme.pk,
        "promotion": promotion.pk,
        "challenge": challenge.pk,
        "call": call.pk,
        "image": poster.pk,
        "document": release_pdf.pk,
        "preview_token": make_token(draft),
        "api_token": key,
    }


def send(client, spec, values, secure=False):
    """The answer to a marker's ``GET <path> [options]``, ``{name}`` placeholders filled in.

    Options: ``(token)`` sends the v3 API token, ``origin=<origin>`` an Origin header,
    ``if-none-match`` the ETag of a first answer, ``allowed-origins=<origins>`` answers with
    that ``CORS_ALLOWED_ORIGINS`` (else none: the default), ``key=<name>`` shows one member of
    the JSON answer (see ``shown``). Returns (method, path, headers, response).
    """
    method, path, *options = spec.split(" ")
    path = path.format(**values)
    headers = {}
    allowed_origins = []
    for option in options:
        if option == "(token)":
            headers["Authorization"] = f"Bearer {values['api_token']}"
        elif option.startswith("origin="):
            headers["Origin"] = option.split("=", 1)[1]
        elif option.startswith("allowed-origins="):
            allowed_origins = option.split("=", 1)[1].split(",")
        elif option == "if-none-match" or option.startswith("key="):
            pass
        else:
            raise ValueError(f"unknown option {option!r} in {spec!r}")
    with override_settings(CORS_ALLOWED_ORIGINS=allowed_origins):
        if "if-none-match" in options:
            first = client.generic(method, path, headers=headers, secure=secure)
            headers["If-None-Match"] = first["ETag"]
        response = client.generic(method, path, headers=headers, secure=secure)
    return method, path, headers, response


def shown(spec, response):
    """The JSON an example shows: the answer, or its ``key=<name>`` member."""
    data = response.json()
    for option in spec.split(" ")[2:]:
        if option.startswith("key="):
            data = data[option.split("=", 1)[1]]
    return data
