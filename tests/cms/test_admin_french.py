"""The admin speaks French: every screen an editor uses, rendered through the real admin views,
shows no English and none of the parenthesised genders of Wagtail's French ("un(e)", "Ce(tte)").

How English is found: the English source strings (msgids) of every catalog the site loads
(Django's, Wagtail's, taggit's, the project's) are compared with their French translation as
the running site gives it. Text on a screen that is exactly such an English string, where the
French differs, is an untranslated string; so is one whose catalog entry has no translation at
all. Known bad French is matched by pattern.
"""

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path

import django
import polib
from bs4 import BeautifulSoup, Comment
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Collection
from wagtail.test.utils import WagtailPageTestCase

from cms.models import ContentPage
from news.models import NewsIndexPage
from tests.factories.media import DocumentFactory, ImageFactory
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

# Wagtail's French as it was: parenthesised genders, "Status", missing accents, a masculine
# "programmé" after "Page".
BAD_FRENCH = re.compile(
    r"\w\((?:e|es|s|tte|elle|le|la)\)|\(e\)s?\b|\ble/la\b|\bce/cette\b|\bil/elle\b"
    r"|\bStatus\b|\bredacteur\b|\bPage programmé\b|\bPassword\b"
)
# Not translations to fix. Wagtail draws a hidden "Search" submit button with a hard-coded,
# untranslatable label (wagtailadmin/home.html, shared/header.html), and prints Python's None
# where it has no value (the publisher of a page published by a script in the aging pages
# report, a hidden counter of the page listing).
NOT_ENGLISH = {"Search", "None"}
# Attributes whose text people read (tooltips, screen readers, placeholders).
TEXT_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def normalize(text):
    return " ".join(str(text).replace("\u00a0", " ").replace("\u202f", " ").split())


@cache
def english_strings():
    """English strings the site translates into something else, or leaves untranslated:
    (exact strings, one regex for those with placeholders)."""
    paths = [Path(django.__file__).parent / "conf/locale/fr/LC_MESSAGES/django.po"]
    paths += [
        Path(config.path) / "locale/fr/LC_MESSAGES/django.po" for config in apps.get_app_configs()
    ]
    exact, patterns = set(), set()
    with translation.override("fr"):
        for path in paths:
            if not path.exists():
                continue
            for entry in polib.pofile(str(path)):
                if entry.obsolete or not entry.msgid:
                    continue
                untranslated = not (entry.msgstr or any(entry.msgstr_plural.values()))
                pairs = [(entry.msgid, translate(entry, 1))]
                if entry.msgid_plural:
                    pairs.append((entry.msgid_plural, translate(entry, 2)))
                for english, french in pairs:
                    english = normalize(english)
                    words = re.findall(r"[A-Za-z]{2,}", PLACEHOLDER.sub("", english))
                    translated = not untranslated and normalize(french) != english
                    if not words or english in NOT_ENGLISH or not (untranslated or translated):
                        continue
                    if not PLACEHOLDER.search(english):
                        exact.add(english)
                    elif len(words) >= 2:  # "%(title)s (%(type)s)" would match anything
                        patterns.add(english)
    regex = "|".join(
        "".join(
            ".+?" if PLACEHOLDER.fullmatch(part) else re.escape(part)
            for part in re.split(f"({PLACEHOLDER.pattern})", english)
        )
        for english in sorted(patterns)
    )
    return frozenset(exact), re.compile(f"(?:{regex})")


def translate(entry, count):
    if entry.msgid_plural:
        if entry.msgctxt:
            return translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
        return translation.ngettext(entry.msgid, entry.msgid_plural, count)
    if entry.msgctxt:
        return translation.pgettext(entry.msgctxt, entry.msgid)
    return translation.gettext(entry.msgid)


def texts(html):
    """What a person reads or hears on the page: text, labelled attributes, buttons, the
    sidebar's menu (drawn by JavaScript from JSON)."""
    soup = BeautifulSoup(html, "html.parser")
    sidebar = soup.find("script", id="wagtail-sidebar-props")
    if sidebar is not None:
        yield from menu_labels(json.loads(sidebar.string))
    for element in soup(["script", "style"]):
        element.decompose()
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    yield from (normalize(text) for text in soup.stripped_strings)
    for element in soup.find_all(True):
        for name in TEXT_ATTRIBUTES:
            if element.get(name):
                yield normalize(element[name])
        if element.name == "input" and element.get("type") in ("submit", "button"):
            yield normalize(element.get("value", ""))


def menu_labels(data):
    if isinstance(data, dict):
        if isinstance(data.get("label"), str):
            yield normalize(data["label"])
        for value in data.values():
            yield from menu_labels(value)
    elif isinstance(data, list):
        for value in data:
            yield from menu_labels(value)


def untranslated(html):
    exact, patterns = english_strings()
    found = set()
    for text in texts(html):
        if not text:
            continue
        if text in exact or patterns.fullmatch(text) or BAD_FRENCH.search(text):
            found.add(text)
    return sorted(found)


class AdminInFrenchTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.news_index = NewsIndexPage.objects.get()
        home = cls.news_index.get_parent()
        cls.writer = cls.make_user("redactrice", "Rédacteurs")
        cls.validator = cls.make_user("validateur", "Validateurs")
        cls.admin = cls.create_superuser("admin", password="motdepasse-tres-long")

        cls.release = PressReleasePageFactory(
            parent=cls.news_index, title="Lancement de la promotion 2019", chapeau="Chapeau."
        )
        cls.release.tags.add("Données ouvertes")
        cls.release.save_revision(user=cls.writer)
        # One scheduled by a validator, one awaiting validation.
        cls.scheduled = PressReleasePageFactory(
            parent=cls.news_index, title="Bilan de la promotion", chapeau="Chapeau.", live=False
        )
        cls.scheduled.go_live_at = timezone.now() + dt.timedelta(days=3)
        cls.scheduled.save_revision(user=cls.validator).publish(user=cls.validator)
        cls.submitted = PressReleasePageFactory(
            parent=cls.news_index, title="Appel à candidatures", chapeau="Chapeau.", live=False
        )
        cls.submitted.save_revision(user=cls.writer)
        cls.submitted.get_workflow().start(cls.submitted, cls.writer)

        cls.content_page = home.add_child(instance=ContentPage(title="Mentions légales"))
        cls.programme = ProgrammePageFactory(parent=home)
        cls.promotion = PromotionPageFactory(parent=cls.programme, title="Promotion 2019")
        cls.challenge = ChallengePageFactory(parent=cls.promotion, title="Défi fraude")
        cls.call = CallPageFactory(parent=cls.programme, title="Appel 2019")

        root_collection = Collection.get_first_root_node()
        cls.image = ImageFactory(title="Photo de groupe", collection=root_collection)
        cls.document = DocumentFactory(title="Dossier de presse", collection=root_collection)
        cls.category = NewsCategoryFactory(name="Communiqués")
        cls.contact = PressContactFactory(name="Service de presse")
        cls.administration = AdministrationFactory(name="Cour des comptes")
        cls.entrepreneur = EntrepreneurFactory(name="Camille Martin")
        cls.mentor = MentorFactory(name="Dominique Durand")

    @classmethod
    def make_user(cls, username, group):
        user = cls.create_user(username, password="motdepasse-tres-long")
        user.groups.add(Group.objects.get(name=group))
        return user

    def screens(self):
        """(who, address) of the screens an editor uses."""
        edit = "wagtailadmin_pages:edit"
        pages = [
            self.news_index.get_parent(),
            self.news_index,
            self.release,
            self.scheduled,
            self.submitted,
            self.content_page,
            self.programme,
            self.promotion,
            self.challenge,
            self.call,
        ]
        snippets = {
            "news_newscategory": self.category,
            "news_presscontact": self.contact,
            "programme_administration": self.administration,
            "programme_entrepreneur": self.entrepreneur,
            "programme_mentor": self.mentor,
            "programme_jurymember": None,
        }
        task_state = self.submitted.current_workflow_task_state
        yield None, reverse("wagtailadmin_login")
        for user in (self.writer, self.validator):
            yield user, reverse("wagtailadmin_home")
            yield user, reverse("wagtailadmin_explore", args=[self.news_index.pk])
        yield self.writer, reverse("wagtailadmin_explore_root")
        for page in pages:
            yield self.validator, reverse(edit, args=[page.pk])
        yield self.writer, reverse(edit, args=[self.submitted.pk])
        yield self.writer, reverse(edit, args=[self.release.pk])
        yield (
            self.writer,
            reverse(
                "wagtailadmin_pages:add", args=("news", "pressreleasepage", self.news_index.pk)
            ),
        )
        yield self.writer, reverse("wagtailadmin_pages:add_subpage", args=[self.programme.pk])
        for page in (self.release, self.scheduled):
            yield self.validator, reverse("wagtailadmin_pages:history", args=[page.pk])
        yield (
            self.validator,
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=(self.submitted.pk, "approve", task_state.pk),
            ),
        )
        yield self.writer, reverse("wagtailadmin_pages:search") + "?q=promotion"
        yield self.writer, reverse("wagtailimages:index")
        yield self.writer, reverse("wagtailimages:add")
        yield self.writer, reverse("wagtailimages:edit", args=[self.image.pk])
        yield self.writer, reverse("wagtaildocs:index")
        yield self.writer, reverse("wagtaildocs:add")
        yield self.writer, reverse("wagtaildocs:edit", args=[self.document.pk])
        for name, instance in snippets.items():
            yield self.writer, reverse(f"wagtailsnippets_{name}:list")
            yield self.writer, reverse(f"wagtailsnippets_{name}:add")
            if instance is not None:
                yield self.writer, reverse(f"wagtailsnippets_{name}:edit", args=[instance.pk])
        yield self.writer, reverse("wagtailadmin_account")
        yield self.writer, reverse("cms_editor_guide")
        for report in ("locked_pages", "workflow", "workflow_tasks", "aging_pages"):
            yield self.validator, reverse(f"wagtailadmin_reports:{report}")
        yield self.admin, reverse("wagtailadmin_reports:site_history")
        yield self.admin, reverse("wagtailadmin_workflows:index")
        yield self.admin, reverse("wagtailadmin_workflows:task_index")

    def test_the_screens_an_editor_uses_are_in_french(self):
        for user, url in self.screens():
            with self.subTest(user=str(user), url=url):
                if user is None:
                    self.client.logout()
                else:
                    self.client.force_login(user)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                html = response.content.decode()
                if response["Content-Type"].startswith("application/json"):
                    html = json.loads(html)["html"]
                self.assertEqual(untranslated(html), [])

    def test_messages_after_saving_are_in_french(self):
        self.client.force_login(self.writer)
        response = self.client.post(
            reverse("wagtailsnippets_news_newscategory:add"),
            {"name": "Événements", "slug": ""},
            follow=True,
        )
        self.assertContains(response, "Catégorie d’actualité «\u00a0Événements\u00a0»")
        self.assertEqual(untranslated(response.content.decode()), [])

    def test_the_sign_in_page_labels_the_password_in_french(self):
        response = self.client.get(reverse("wagtailadmin_login"))
        soup = BeautifulSoup(response.content, "html.parser")
        label = soup.find("label", attrs={"for": "id_password"})
        self.assertEqual(normalize(label.text).rstrip("*"), "Mot de passe")

    def test_the_history_says_a_page_is_scheduled_in_good_french(self):
        self.client.force_login(self.validator)
        response = self.client.get(reverse("wagtailadmin_pages:history", args=[self.scheduled.pk]))
        self.assertContains(response, "Page\u00a0: publication programmée le")

    def test_the_help_menu_opens_the_french_guide(self):
        self.client.force_login(self.writer)
        response = self.client.get(reverse("wagtailadmin_home"))
        soup = BeautifulSoup(response.content, "html.parser")
        props = json.loads(soup.find("script", id="wagtail-sidebar-props").string)
        items = {item["name"]: item for item in help_menu_items(props)}
        self.assertEqual(items["editor-guide"]["label"], "Guide de rédaction")
        self.assertEqual(items["editor-guide"]["url"], reverse("cms_editor_guide"))
        self.assertNotIn("target", items["editor-guide"]["attrs"])
        self.assertFalse([name for name in items if name.startswith("whats-new")])
        self.assertNotIn("guide.wagtail.org", response.content.decode())

        guide = self.client.get(items["editor-guide"]["url"])
        self.assertContains(guide, "<h1", count=1)
        self.assertContains(guide, "Guide de rédaction")
        self.assertContains(guide, "Programmation et embargo")
        self.assertContains(guide, "jusqu’à 10,0\u00a0Mio")


def help_menu_items(props):
    """The items of the sidebar's help submenu."""
    for module in props["modules"]:
        if module["_type"] != "wagtail.sidebar.MainMenuModule":
            continue
        for item in module["_args"][0]:
            if item["_args"][0]["name"] == "help":
                return [child["_args"][0] for child in item["_args"][1]]
    return []
