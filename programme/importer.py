"""Load the programme's history: the earlier site's data files and a file of facts.

Three kinds of YAML files, told apart by their content:

- ``promos.yml`` of the earlier site: promotions keyed by name ("EIG 2", "DIG");
- ``defis.yml`` of the earlier site: défis keyed by name, with their administration, team,
  mentors, videos, poster, source code and key figures;
- a file of facts (``demo/programme.yml``): the programme page, promotions' dates, pay and
  applicants, and calls with their dates and criteria.

The earlier site's two files need no file of facts: without one describing the programme page,
they go under the site's programme page, or under a default one created for them and reported.

Like the Markdown importer, each entry is written in its own transaction, keyed so that a
second run changes nothing, and reported; the run ends with the same summary line.
"""

import datetime as dt
import hashlib
import json
import re
import unicodedata
import uuid
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import ReferenceIndex

from cms.publishing.importing.media import MediaResolver
from cms.publishing.importing.records import FileResult, Notice, Report, publish_revision
from cms.publishing.importing.values import json_safe, parse_date
from cms.publishing.models import ImportRecord
from programme.models import (
    Administration,
    CallCriterion,
    CallPage,
    ChallengeAchievement,
    ChallengeMentor,
    ChallengePage,
    ChallengeTeamMember,
    ChallengeVideo,
    Entrepreneur,
    JuryMember,
    Mentor,
    ProgrammePage,
    PromotionJuryMember,
    PromotionPage,
)

VIDEO_URLS = {
    "dailymotion": "https://www.dailymotion.com/video/{id}",
    "youtube": "https://www.youtube.com/watch?v={id}",
    "vimeo": "https://vimeo.com/{id}",
}
# Keys of défis that only served the earlier site's look: kept in the import data, unreported.
PRESENTATION_KEYS = {"class", "colorback", "link_to", "skills", "year"}
CHALLENGE_KEYS = PRESENTATION_KEYS | {
    "title", "description", "image", "promotion", "duration_months", "administration",
    "administration_website", "eigs", "mentors", "end_of_project_videos", "poster",
    "source_code", "website", "key_figures", "projects",
}  # fmt: skip
is_url = URLValidator(schemes=["http", "https"])
# Bump when the mapping changes, so that entries imported before are imported again (2: the
# défis' logos and the achievements' alternative texts).
IMPORTER_VERSION = b"eig-programme-import/2"
# The default programme page's address, as the earlier site's (/programme/).
DEFAULT_PROGRAMME_SLUG = "programme"


class EntryError(Exception):
    """An entry that cannot be imported: it fails alone, with this message."""


def short_name_for(promotion):
    """The promotion a défi names (2, "dig") as the earlier site named it ("EIG 2", "DIG")."""
    text = str(promotion).strip()
    return f"EIG {text}" if text.isdigit() else text.upper()


def checksum(value):
    text = json.dumps(json_safe(value), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(IMPORTER_VERSION + b"\0" + text.encode()).hexdigest()


def kind_of(data):
    if isinstance(data, dict) and ("promotions" in data or "calls" in data or "programme" in data):
        return "facts"
    if isinstance(data, dict) and data and all(isinstance(v, dict) for v in data.values()):
        if any("eigs" in v or "administration" in v for v in data.values()):
            return "challenges"
        if all("promotion" in v for v in data.values()):
            return "promotions"
    return None


class Entry:
    """One entry being imported: its notices go to the report and to the page's import data."""

    def __init__(self, key):
        self.key = key
        self.notices = []

    def warn(self, message):
        self.notices.append(Notice(message))


class ProgrammeImporter:
    def __init__(self, home, media_root=None, dry_run=False, force=False):
        self.home = home
        self.dry_run, self.force = dry_run, force
        self.resolver = MediaResolver(media_root, dry_run=dry_run)
        self.report = Report()
        self.promotions = {}

    # -- running ---------------------------------------------------------------------------
    def run(self, paths, on_result=None):
        self.on_result = on_result
        loaded = []
        for path in map(Path, paths):
            try:
                # Composed accents, as the Markdown importer reads them (news/markdown/source.py).
                text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
                data = yaml.safe_load(text)
            except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
                mark = getattr(error, "problem_mark", None)
                where = _(", line %(line)d") % {"line": mark.line + 1} if mark else ""
                self.fail(
                    path.name,
                    _("%(file)s%(where)s: cannot be read (%(error)s).")
                    % {
                        "file": path.name,
                        "where": where,
                        "error": getattr(error, "problem", error),
                    },
                )
                continue
            kind = kind_of(data)
            if kind is None:
                self.fail(
                    path.name,
                    _("%(file)s: neither challenges, promotions nor programme facts.")
                    % {"file": path.name},
                )
                continue
            loaded.append((kind, path.name, data))
        with transaction.atomic():
            self.create_default_programme_page(loaded)
            order = {"facts": 0, "promotions": 1, "challenges": 2}
            for kind, name, data in sorted(loaded, key=lambda item: order[item[0]]):
                getattr(self, f"load_{kind}")(name, data)
            # Calls name their promotion: they come once every promotion exists.
            for name, data in [(name, data) for kind, name, data in loaded if kind == "facts"]:
                for index, call in enumerate(data.get("calls") or []):
                    self.entry(f"{name}#call:{call.get('slug') or index}", call, self.write_call)
            if self.dry_run:
                # Entries saw each other's pages; none of them stays.
                transaction.set_rollback(True)
        return self.report

    def fail(self, key, message):
        self.record(FileResult(key, "failed", error=message))

    def record(self, result):
        self.report.results.append(result)
        if self.on_result:
            self.on_result(result)

    def entry(self, key, data, write):
        """Import one entry in its own transaction; unchanged entries are left alone."""
        digest = checksum(data)
        record = ImportRecord.objects.filter(source=key).select_related("page").first()
        if record is not None and record.checksum == digest and not self.force:
            page = record.page.specific
            self.remember(page)
            return self.record(FileResult(key, "unchanged", page=page))
        entry = Entry(key)
        self.resolver.begin()
        try:
            with transaction.atomic():
                page = write(entry, data, record)
                self.save(entry, page, record, key, digest)
                self.remember(page)
        except (EntryError, ValidationError) as error:
            self.resolver.rollback()
            message = (
                "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            )
            return self.fail(key, f"{key}: {message}")
        self.record(
            FileResult(key, "updated" if record else "imported", page=page, notices=entry.notices)
        )

    def remember(self, page):
        if isinstance(page, PromotionPage):
            self.promotions[page.short_name] = page

    def save(self, entry, page, record, key, digest):
        if isinstance(page, PromotionPage | ChallengePage):
            page.import_metadata = {
                **(page.import_metadata or {}),
                "source": key,
                "warnings": [n.message for n in entry.notices],
            }
        revision = self.publish(page, log_action=record is not None)
        if record is None:
            ImportRecord.objects.create(source=key, page=page, checksum=digest, revision=revision)
        else:
            record.checksum, record.revision = digest, revision
            record.save(update_fields=["checksum", "revision", "imported_at"])

    def publish(self, page, log_action):
        revision = page.save_revision(clean=False, log_action=log_action)
        page.full_clean()
        publish_revision(revision, page)
        ReferenceIndex.create_or_update_for_object(page)
        return revision

    def place(self, page, parent, slug, record):
        """A new page goes under its parent with a free slug; an imported one stays where it is."""
        if record is not None or page.pk:
            return page
        page.slug = slug[:240] or "page"
        number = 1
        taken = set(parent.get_children().values_list("slug", flat=True))
        while page.slug in taken:
            number += 1
            page.slug = f"{slug[:240]}-{number}"
        page.live = False
        parent.add_child(instance=page)
        return page

    # -- facts -----------------------------------------------------------------------------
    def programme_page(self):
        page = ProgrammePage.objects.descendant_of(self.home).first()
        if page is None:
            raise EntryError(
                _(
                    "No programme page, and none could be created: create one, or import a "
                    "file of facts that describes it."
                )
            )
        return page.specific

    def create_default_programme_page(self, loaded):
        """The earlier site's data files alone need a programme page to go under: with none on
        the site and no file of facts describing it, a default one, published, to complete."""
        described = any(kind == "facts" and data.get("programme") for kind, _n, data in loaded)
        if not loaded or described or ProgrammePage.objects.descendant_of(self.home).exists():
            return
        key = _("default programme page")
        if not ProgrammePage.can_create_at(self.home):
            return self.fail(
                key,
                _("A programme page cannot be created under “%(title)s” (%(type)s).")
                % {"title": self.home.title, "type": self.home._meta.verbose_name},
            )
        page = ProgrammePage(title=_("The EIG programme"), show_in_menus=True)
        self.place(page, self.home, DEFAULT_PROGRAMME_SLUG, None)
        self.publish(page, log_action=False)
        notice = Notice(
            _(
                "Created with a default title, for the imported promotions and challenges: "
                "complete its title, ambition and body in the admin."
            )
        )
        self.record(FileResult(key, "created", page=page, notices=[notice]))

    def load_facts(self, name, data):
        if data.get("programme"):
            self.entry(f"{name}#programme", data["programme"], self.write_programme)
        for fact in data.get("promotions") or []:
            self.entry(
                f"{name}#promotion:{fact.get('short_name')}", fact, self.write_promotion_facts
            )

    def write_programme(self, entry, data, record):
        page = (
            record.page.specific
            if record
            else ProgrammePage.objects.descendant_of(self.home).first()
        )
        page = page.specific if page else ProgrammePage(show_in_menus=True)
        page.title = data.get("title") or _("The programme")
        page.intro = data.get("intro", "")
        return self.place(page, self.home, data.get("slug") or slugify(page.title), record)

    def write_promotion_facts(self, entry, data, record):
        short_name = str(data.get("short_name") or "").strip()
        if not short_name:
            raise EntryError(_("A promotion without a short name."))
        page = self.promotion_page(short_name, record)
        for field in ("number", "duration_months", "monthly_pay", "applicants_count", "intro"):
            if field in data:
                setattr(page, field, data[field])
        if data.get("start_date"):
            page.start_date = data["start_date"]
        if data.get("title"):
            page.title = data["title"]
        page.jury = [
            PromotionJuryMember(member=self.jury_member(item)) for item in data.get("jury") or []
        ]
        return page

    def jury_member(self, item):
        item = item if isinstance(item, dict) else {"name": str(item)}
        member = JuryMember.objects.filter(name=item["name"]).first()
        return member or JuryMember.objects.create(name=item["name"], role=item.get("role", ""))

    def promotion_page(self, short_name, record=None):
        page = record.page.specific if record else None
        if page is None:
            page = (
                self.promotions.get(short_name)
                or PromotionPage.objects.filter(short_name=short_name).first()
            )
        if page is None:
            programme = self.programme_page()
            number = re.search(r"\d+", short_name)
            page = PromotionPage(
                title=_("Promotion %(name)s") % {"name": short_name},
                short_name=short_name,
                number=int(number.group()) if number else None,
                start_date=dt.date.today(),
            )
            page = self.place(page, programme, slugify(short_name), None)
        return page.get_latest_revision_as_object() if page.has_unpublished_changes else page

    # -- promotions of the earlier site ------------------------------------------------------
    def load_promotions(self, name, data):
        for key, promo in data.items():
            self.entry(f"{name}#{key}", promo, self.write_promotion)

    def write_promotion(self, entry, data, record):
        page = self.promotion_page(short_name_for(data.get("promotion")), record)
        year = re.match(r"\d{4}", str(data.get("class", "")))
        if (
            year
            and not PromotionPage.objects.filter(
                pk=page.pk, start_date__year=int(year.group())
            ).exists()
        ):
            page.start_date = dt.date(int(year.group()), 1, 1)
        page.import_metadata = {**(page.import_metadata or {}), "kept": json_safe(data)}
        return page

    # -- défis ------------------------------------------------------------------------------
    def load_challenges(self, name, data):
        for key, challenge in data.items():
            self.entry(f"{name}#{key}", challenge, self.write_challenge)

    def write_challenge(self, entry, data, record):
        short_name = short_name_for(data.get("promotion", ""))
        promotion = (
            self.promotions.get(short_name)
            or PromotionPage.objects.filter(short_name=short_name).first()
        )
        if promotion is None:
            raise EntryError(
                _("Unknown promotion “%(name)s”: import its promotions first.")
                % {"name": short_name}
            )
        title = str(data.get("title") or "").strip()
        if not title:
            raise EntryError(_("A challenge without a title."))

        page = record.page.specific if record else ChallengePage()
        if record is not None and page.has_unpublished_changes:
            page = page.get_latest_revision_as_object()
        page.title = title[:255]
        page.summary = str(data.get("description") or "").strip()
        page.administration = self.administration(data)
        old_path = str(data.get("link_to") or "")
        slug = re.sub(r"\.html$", "", old_path.rstrip("/").rsplit("/", 1)[-1]) or title
        page = self.place(page, promotion, slugify(slug), record)

        duration = data.get("duration_months")
        page.duration_months = (
            duration if duration and duration != promotion.duration_months else None
        )
        page.service_url = self.url(entry, data, "website")
        page.source_code_url = self.url(entry, data, "source_code")
        page.poster_url = self.url(entry, data, "poster")
        skills = [part.strip() for part in str(data.get("skills") or "").split("//")[1:]]
        page.themes.set([skill.lower() for skill in skills if skill])
        page.key_figures = [
            {
                "type": "figure",
                "value": {
                    "figure": str(item.get("amount", "")),
                    "label": str(item.get("description", "")),
                },
                "id": str(uuid.uuid4()),
            }
            for item in data.get("key_figures") or []
            if isinstance(item, dict)
        ]
        page.team = [
            ChallengeTeamMember(entrepreneur=self.person(Entrepreneur, name))
            for name in self.names(data.get("eigs"))
        ]
        page.mentorships = [
            ChallengeMentor(mentor=self.person(Mentor, name))
            for name in self.names(data.get("mentors"))
        ]
        page.videos = self.videos(entry, data.get("end_of_project_videos") or [])
        page.achievements = self.achievements(entry, data.get("projects") or [])
        page.logo = self.picture(entry, data.get("image"))
        unknown = {key: value for key, value in data.items() if key not in CHALLENGE_KEYS}
        for key in unknown:
            entry.warn(_("Unknown key “%(key)s”: kept in the import data.") % {"key": key})
        page.import_metadata = {
            "unknown": json_safe(unknown),
            "kept": json_safe({key: data[key] for key in PRESENTATION_KEYS if key in data}),
        }
        if page.first_published_at is None:
            page.first_published_at = timezone.make_aware(
                dt.datetime.combine(promotion.start_date, dt.time())
            )
        if old_path.startswith("/"):
            self.redirect(old_path, page)
        return page

    def administration(self, data):
        name = re.sub(r"\s+", " ", str(data.get("administration") or "")).strip()
        if not name:
            raise EntryError(_("A challenge without an administration."))
        administration, _created = Administration.objects.get_or_create(name=name[:255])
        website = str(data.get("administration_website") or "")
        if website and not administration.website:
            try:
                is_url(website)
            except ValidationError:
                return administration
            administration.website = website
            administration.save(update_fields=["website"])
        return administration

    @staticmethod
    def names(value):
        items = value if isinstance(value, list) else [value] if value else []
        return [re.sub(r"\s+", " ", str(item)).strip() for item in items if str(item).strip()]

    @staticmethod
    def person(model, name):
        return model.objects.filter(name=name).first() or model.objects.create(name=name[:255])

    def url(self, entry, data, key):
        value = str(data.get(key) or "").strip()
        if not value:
            return ""
        try:
            is_url(value)
        except ValidationError:
            entry.warn(
                _("“%(key)s” is not a web address (%(value)s): kept in the import data.")
                % {"key": key, "value": value}
            )
            return ""
        return value

    def videos(self, entry, items):
        videos = []
        for item in items:
            pattern = (
                VIDEO_URLS.get(str(item.get("platform", "")).lower())
                if isinstance(item, dict)
                else None
            )
            if pattern is None or not item.get("id"):
                entry.warn(_("Video not understood: %(value)s.") % {"value": item})
                continue
            videos.append(
                ChallengeVideo(
                    url=pattern.format(id=item["id"]),
                    title=str(item.get("description") or "")[:255] or _("Video"),
                    featured=bool(item.get("show", True)),
                )
            )
        return videos

    def achievements(self, entry, items):
        achievements = []
        for item in items:
            if not isinstance(item, dict) or not item.get("title"):
                entry.warn(_("Achievement not understood: %(value)s.") % {"value": item})
                continue
            image = self.picture(entry, item.get("image"))
            title = str(item["title"])[:255]
            achievements.append(
                ChallengeAchievement(
                    title=title,
                    description=str(item.get("description") or "").strip(),
                    image=image,
                    # The data has no alternative text: the picture shows what the title names.
                    image_alt=title if image else "",
                )
            )
        return achievements

    def picture(self, entry, value):
        """The image of a path of the earlier site (``/img/...``, or without its first
        slash), or None, the problem reported."""
        if not value:
            return None
        path = "/" + str(value).lstrip("/")
        image, problem = self.resolver.image(path)
        if problem:
            entry.warn(
                _("Picture %(file)s: %(problem)s; kept in the import data.")
                % {"file": path, "problem": problem}
            )
        return image

    def redirect(self, old_path, page):
        """The earlier site's address of the défi keeps working."""
        path = Redirect.normalise_path(old_path)
        if not Redirect.objects.filter(old_path=path).exists():
            Redirect.objects.create(old_path=path, site=None, redirect_page=page, is_permanent=True)

    # -- calls ------------------------------------------------------------------------------
    def write_call(self, entry, data, record):
        page = record.page.specific if record else CallPage()
        page.title = str(data.get("title") or "").strip()[:255]
        if not page.title:
            raise EntryError(_("A call without a title."))
        page.audience = data.get("audience", "talents")
        page.promotion = PromotionPage.objects.filter(short_name=data.get("promotion")).first()
        try:
            page.opens_at = parse_date(data["opens_at"])
            page.closes_at = parse_date(data["closes_at"])
            meeting = data.get("information_meeting_at")
            page.information_meeting_at = parse_date(meeting) if meeting else None
        except (KeyError, ValueError, TypeError, OverflowError) as error:
            raise EntryError(
                _("A call needs its opening and closing dates (%(error)s).") % {"error": error}
            ) from error
        page.information_meeting_url = data.get("information_meeting_url", "")
        page.apply_url = data.get("apply_url", "")
        page.intro = data.get("intro", "")
        page.criteria = [CallCriterion(text=str(text)[:500]) for text in data.get("criteria") or []]
        programme = self.programme_page()
        return self.place(page, programme, data.get("slug") or slugify(page.title), record)
