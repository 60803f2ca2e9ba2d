"""Programme pages show figures derived from the data, and calls their status at the time."""

import datetime as dt
from datetime import UTC
from zoneinfo import ZoneInfo

import time_machine
from wagtail.test.utils import WagtailPageTestCase

from cms.models import ContentPage, HomePage
from programme.models import (
    CallPage,
    ChallengeAchievement,
    ChallengeMentor,
    ChallengePage,
    ProgrammePage,
    PromotionPage,
)
from tests.factories.media import ImageFactory
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

PARIS = ZoneInfo("Europe/Paris")


def figures_on(soup):
    return [
        (
            item.select_one(".key-figures__figure").get_text(strip=True),
            item.select_one(".key-figures__label").get_text(strip=True),
        )
        for item in soup.select(".key-figures__item")
    ]


class PromotionPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.home = HomePage.objects.get()
        cls.programme = ProgrammePageFactory(parent=cls.home)
        cls.promotion = PromotionPageFactory(
            parent=cls.programme, title="Promotion 2", short_name="EIG 2"
        )
        cls.alice, cls.bob, cls.chloe = (
            EntrepreneurFactory(name=n) for n in ("Alice", "Bob", "Chloé")
        )
        cls.fraud = ChallengePageFactory(
            parent=cls.promotion, title="Fraude", team=[cls.alice, cls.bob]
        )
        cls.sea = ChallengePageFactory(
            parent=cls.promotion, title="Mer", team=[cls.chloe, cls.alice]
        )

    def test_placement_rules(self):
        self.assertAllowedParentPageTypes(ChallengePage, {PromotionPage})
        self.assertAllowedSubpageTypes(ProgrammePage, {PromotionPage, CallPage})
        self.assertAllowedSubpageTypes(PromotionPage, {ChallengePage})
        self.assertCanNotCreateAt(HomePage, ChallengePage)

    def test_promotion_page_shows_figures_counted_from_its_defis(self):
        soup = self.get_soup(self.client.get(self.promotion.url).content)
        # Alice is on two teams: she counts once.
        self.assertEqual(
            figures_on(soup),
            [
                ("2", "défis d’intérêt général"),
                ("3", "entrepreneurs"),
                ("10 mois", "de mission"),
                ("4\xa0000 €", "nets par mois"),
            ],
        )
        self.assertEqual(
            [a.get_text(strip=True) for a in soup.select(".fr-card__title a")], ["Fraude", "Mer"]
        )

    def test_figures_follow_the_data(self):
        ChallengePageFactory(
            parent=self.promotion, title="Brouillon", team=[EntrepreneurFactory()], live=False
        )
        self.assertEqual(PromotionPage.objects.get(pk=self.promotion.pk).figures["challenges"], 2)
        ChallengePageFactory(parent=self.promotion, title="Santé", team=[EntrepreneurFactory()])
        promotion = PromotionPage.objects.get(pk=self.promotion.pk)
        self.assertEqual(
            (promotion.figures["challenges"], promotion.figures["entrepreneurs"]), (3, 4)
        )

    def test_live_figures_block_on_any_page(self):
        page = ContentPage(
            title="Le programme en bref",
            body=[
                (
                    "promotion_figures",
                    {
                        "title": "En bref",
                        "promotion": self.promotion,
                        "figures": ["challenges", "entrepreneurs", "promotions"],
                    },
                )
            ],
        )
        self.home.add_child(instance=page)
        soup = self.get_soup(self.client.get(page.url).content)
        self.assertEqual(
            figures_on(soup),
            [("2", "défis d’intérêt général"), ("3", "entrepreneurs"), ("1", "promotion")],
        )
        ChallengePageFactory(parent=self.promotion, title="Justice", team=[EntrepreneurFactory()])
        soup = self.get_soup(self.client.get(page.url).content)
        self.assertEqual(
            figures_on(soup)[:2], [("3", "défis d’intérêt général"), ("4", "entrepreneurs")]
        )

    def test_defi_page_shows_administration_team_and_mentors(self):
        administration = AdministrationFactory(
            name="Cour des comptes", website="https://www.ccomptes.fr"
        )
        page = ChallengePageFactory(
            parent=self.promotion,
            title="API rapports",
            administration=administration,
            team=[self.bob],
        )
        ChallengeMentor.objects.create(
            page=page, mentor=MentorFactory(name="Paul", kind="strategic")
        )
        soup = self.get_soup(self.client.get(page.url).content)
        self.assertEqual(
            soup.select_one(".challenge__administration a").get_text(strip=True), "Cour des comptes"
        )
        self.assertEqual(
            [li.get_text(strip=True) for li in soup.select(".challenge__team li")], ["Bob"]
        )
        self.assertEqual(
            [li.get_text(" ", strip=True) for li in soup.select(".challenge__mentors li")],
            ["Paul — mentor stratégique"],
        )

    def test_defi_page_shows_its_logo_and_its_achievements_images(self):
        page = ChallengePageFactory(
            parent=self.promotion, title="CibNav", logo=ImageFactory(title="logo-cib-nav")
        )
        ChallengeAchievement.objects.create(
            page=page,
            title="Calcul de la note de risque",
            image=ImageFactory(),
            image_alt="Carte des navires colorés selon leur note de risque",
        )
        ChallengeAchievement.objects.create(page=page, title="Sans image")
        soup = self.get_soup(self.client.get(page.url).content)
        logo = soup.select_one("main header img.challenge__logo")
        self.assertEqual(logo["alt"], "CibNav")  # the logo's alternative text is the name
        self.assertIn("/media/images/", logo["src"])
        self.assertEqual(
            [card.h3.get_text(strip=True) for card in soup.select("#achievements-title ~ ul li")],
            ["Calcul de la note de risque", "Sans image"],
        )
        self.assertEqual(
            [img["alt"] for img in soup.select("#achievements-title ~ ul img")],
            ["Carte des navires colorés selon leur note de risque"],
        )
        for img in soup.select("main img"):
            self.assertEqual(self.client.get(img["src"]).status_code, 200, img["src"])

    def test_promotion_cards_show_the_defis_logos(self):
        ChallengePage.objects.filter(pk=self.fraud.pk).update(logo=ImageFactory())
        soup = self.get_soup(self.client.get(self.promotion.url).content)
        cards = {
            card.h3.get_text(strip=True): card.select("img")
            for card in soup.select("#challenges-title ~ ul .fr-card")
        }
        self.assertEqual(set(cards), {"Fraude", "Mer"})
        self.assertEqual(len(cards["Fraude"]), 1)
        self.assertEqual(cards["Fraude"][0]["alt"], "")  # the card's title names it
        self.assertEqual(cards["Mer"], [])

    def test_programme_page_lists_promotions_and_calls(self):
        CallPageFactory(parent=self.programme, title="Appel à candidatures")
        soup = self.get_soup(self.client.get(self.programme.url).content)
        self.assertEqual(
            figures_on(soup), [("1", "promotion"), ("2", "défis"), ("3", "entrepreneurs")]
        )
        self.assertIn("Appel à candidatures", soup.get_text())


class CallStatusTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        programme = ProgrammePageFactory(parent=HomePage.objects.get())
        cls.call = CallPageFactory(
            parent=programme,
            title="Appel à candidatures de la promotion 3",
            opens_at=dt.datetime(2018, 9, 13, 0, 0, tzinfo=PARIS),
            closes_at=dt.datetime(2018, 10, 15, 23, 59, tzinfo=PARIS),
        )

    def read(self):
        soup = self.get_soup(self.client.get(self.call.url).content)
        badge = soup.select_one("[data-call-status]")
        return (
            badge["data-call-status"],
            badge.get_text(strip=True),
            soup.select_one("a[data-apply]"),
        )

    def test_status_before_during_and_after_the_window(self):
        moments = [
            (dt.datetime(2018, 9, 12, 23, 59, 59, tzinfo=PARIS), "upcoming", "À venir", False),
            (dt.datetime(2018, 9, 13, 0, 0, tzinfo=PARIS), "open", "Ouvert", True),
            (dt.datetime(2018, 10, 1, 12, 0, tzinfo=PARIS), "open", "Ouvert", True),
            (dt.datetime(2018, 10, 15, 23, 58, 59, tzinfo=PARIS), "open", "Ouvert", True),
            (dt.datetime(2018, 10, 15, 23, 59, tzinfo=PARIS), "closed", "Clos", False),
            (dt.datetime(2019, 1, 1, tzinfo=PARIS), "closed", "Clos", False),
        ]
        for moment, status, label, can_apply in moments:
            with self.subTest(moment=moment.isoformat()), time_machine.travel(moment, tick=False):
                self.assertEqual(self.read()[:2], (status, label))
                button = self.read()[2]
                self.assertEqual(button is not None, can_apply)
                if can_apply:
                    self.assertEqual(
                        button["href"], "https://demarches.example.gouv.fr/candidature"
                    )

    def test_times_are_machine_readable_in_paris_time_to_the_second(self):
        # Typed to the microsecond, as a date saved from "now" is; HTML takes three decimals
        # at most, so the datetime attribute stops at the second.
        self.call.information_meeting_at = dt.datetime(2018, 9, 20, 12, 30, 5, 123456, tzinfo=UTC)
        self.call.save()
        soup = self.get_soup(self.client.get(self.call.url).content)
        self.assertEqual(
            [time["datetime"] for time in soup.select("time")],
            ["2018-09-13T00:00:00+02:00", "2018-10-15T23:59:00+02:00", "2018-09-20T14:30:05+02:00"],
        )

    def test_status_at_a_daylight_saving_change(self):
        # Clocks go back at 03:00 on 28 October 2018: 02:30 happens twice in Paris.
        call = CallPage(
            opens_at=dt.datetime(2018, 10, 28, 2, 30, fold=1, tzinfo=PARIS),
            closes_at=dt.datetime(2018, 10, 29, tzinfo=PARIS),
        )
        first_0230 = dt.datetime(2018, 10, 28, 0, 30, tzinfo=dt.UTC)
        second_0230 = dt.datetime(2018, 10, 28, 1, 30, tzinfo=dt.UTC)
        self.assertEqual(call.status_at(first_0230), "upcoming")
        self.assertEqual(call.status_at(second_0230), "open")
