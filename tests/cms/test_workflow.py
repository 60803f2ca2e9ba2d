"""Who may publish: the "Rédacteurs" and "Validateurs" groups and the workflow
"Validation communication", through the real admin views.

A writer drafts and submits; a validator approves, which publishes or, for a page with a
go-live date, schedules it; the scheduler puts it online at its time.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.publishing import scheduler as scheduling
from news.models import NewsIndexPage, PressReleasePage
from programme.models import ProgrammePage
from tests.utils import admin_form_data, setup_site

PARIS = ZoneInfo("Europe/Paris")


def make_user(test, username, group_name):
    user = test.create_user(username, password="motdepasse-tres-long")  # noqa: S106
    user.groups.add(Group.objects.get(name=group_name))
    return user


class GroupsAndWorkflowTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.index = NewsIndexPage.objects.get()
        cls.add_url = reverse(
            "wagtailadmin_pages:add", args=("news", "pressreleasepage", cls.index.pk)
        )

    def setUp(self):
        self.writer = make_user(self, "redactrice", "Rédacteurs")
        self.validator = make_user(self, "validateur", "Validateurs")

    def login_as(self, user):
        self.client.logout()
        self.client.force_login(user)

    def release_form(self, action, go_live_at="", url=None):
        data = {
            "title": "Lancement de la promotion 2019",
            "slug": "lancement-2019",
            "date": "15/01/2019 09:00",
            "chapeau": "Les 32 entrepreneurs de la promotion 2019 commencent leur défi.",
            "go_live_at": go_live_at,
            **nested_form_data(
                {
                    "hero_images": inline_formset([]),
                    "attachments": inline_formset([]),
                    "body": streamfield(
                        [
                            (
                                "callout",
                                {
                                    "title": "En bref",
                                    "style": "callout",
                                    "text": rich_text("<p>13 défis, 28 talents, 10 mois.</p>"),
                                },
                            ),
                        ]
                    ),
                }
            ),
        }
        if action:
            data[action] = action
        return admin_form_data(self.client, url or self.add_url, data)

    def test_the_workflow_applies_to_the_news_and_programme_trees(self):
        workflow = Workflow.objects.get(name="Validation communication")
        self.assertEqual(self.index.get_workflow(), workflow)
        for programme in ProgrammePage.objects.all():
            self.assertEqual(programme.get_workflow(), workflow)
        task = workflow.tasks.get().specific
        self.assertEqual(list(task.groups.values_list("name", flat=True)), ["Validateurs"])

    def test_group_permissions_on_the_tree(self):
        self.assertFalse(self.index.permissions_for_user(self.writer).can_publish_subpage())
        self.assertTrue(self.index.permissions_for_user(self.writer).can_add_subpage())
        self.assertTrue(self.index.permissions_for_user(self.validator).can_publish_subpage())
        for user in (self.writer, self.validator):
            self.assertTrue(user.has_perm("wagtailadmin.access_admin"))
            self.assertTrue(user.has_perm("news.change_presscontact"))
            self.assertFalse(user.has_perm("publishing.change_webhookendpoint"))

    def test_a_writer_cannot_publish_through_the_edit_view(self):
        self.login_as(self.writer)
        response = self.client.post(self.add_url, self.release_form("action-publish"))
        self.assertEqual(response.status_code, 302)
        page = PressReleasePage.objects.get(slug="lancement-2019")
        self.assertFalse(page.live)
        self.assertFalse(page.revisions.filter(approved_go_live_at__isnull=False).exists())
        self.assertEqual(self.client.get(page.url).status_code, 404)

        # Nor by editing the draft and asking again, nor by the bulk publish action.
        edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        form = admin_form_data(
            self.client,
            edit_url,
            {"action-publish": "action-publish", **nested_form_data({"body": streamfield([])})},
        )
        self.client.post(edit_url, form)
        bulk_url = (
            reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
            + f"?id={page.pk}"
        )
        response = self.client.post(bulk_url, {})
        self.assertIn(response.status_code, (302, 403))
        page.refresh_from_db()
        self.assertFalse(page.live)

    def test_a_writer_cannot_approve(self):
        self.login_as(self.writer)
        self.client.post(self.add_url, self.release_form("action-submit"))
        page = PressReleasePage.objects.get(slug="lancement-2019")
        task_state = page.current_workflow_task_state
        self.assertIsNotNone(task_state)
        approve = reverse(
            "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
        )
        response = self.client.post(approve, {"comment": ""}, follow=True)
        # Wagtail answers a refused admin action with the dashboard and a message.
        self.assertRedirects(response, reverse("wagtailadmin_home"))
        messages = [str(message) for message in response.context["messages"]]
        self.assertTrue(any("autorisations" in message for message in messages), messages)
        page.refresh_from_db()
        self.assertFalse(page.live)
        task_state.refresh_from_db()
        self.assertEqual(task_state.status, task_state.STATUS_IN_PROGRESS)

    def test_a_validator_publishes_directly(self):
        self.login_as(self.validator)
        response = self.client.post(self.add_url, self.release_form("action-publish"))
        self.assertEqual(response.status_code, 302)
        page = PressReleasePage.objects.get(slug="lancement-2019")
        self.assertTrue(page.live)
        self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_draft_to_scheduled_to_live(self):
        go_live = (
            (timezone.now() + dt.timedelta(days=2))
            .astimezone(PARIS)
            .replace(hour=10, minute=0, second=0, microsecond=0)
        )
        # The writer drafts and submits for validation, with a go-live date.
        self.login_as(self.writer)
        form = self.release_form("action-submit", go_live_at=go_live.strftime("%d/%m/%Y %H:%M"))
        self.assertEqual(self.client.post(self.add_url, form).status_code, 302)
        page = PressReleasePage.objects.get(slug="lancement-2019")
        state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(state.workflow.name, "Validation communication")
        self.assertFalse(page.live)

        # The validator approves: the page is scheduled, not live.
        self.login_as(self.validator)
        approve = reverse(
            "wagtailadmin_pages:workflow_action",
            args=(page.pk, "approve", page.current_workflow_task_state.pk),
        )
        self.assertEqual(self.client.post(approve, {"comment": "OK"}).status_code, 302)
        page.refresh_from_db()
        self.assertFalse(page.live)
        scheduled = page.revisions.get(approved_go_live_at__isnull=False)
        self.assertEqual(scheduled.approved_go_live_at, go_live)
        state.refresh_from_db()
        self.assertEqual(state.status, WorkflowState.STATUS_APPROVED)

        # Anonymous readers see nothing until go-live, then the page.
        self.client.logout()
        self.assertEqual(self.client.get(page.url or f"/actualites/{page.slug}/").status_code, 404)
        with time_machine.travel(go_live - dt.timedelta(seconds=1)):
            self.assertEqual(scheduling.run_due(), (0, 0))
        with time_machine.travel(go_live + dt.timedelta(seconds=1)):
            self.assertEqual(scheduling.run_due(), (1, 0))
        page = Page.objects.get(pk=page.pk)
        self.assertTrue(page.live)
        response = self.client.get(page.url)
        self.assertContains(response, "13 défis, 28 talents, 10 mois.")

    def test_approving_in_the_editor_says_the_page_is_scheduled_and_when(self):
        go_live = (
            (timezone.now() + dt.timedelta(days=2))
            .astimezone(PARIS)
            .replace(hour=10, minute=0, second=0, microsecond=0)
        )
        self.login_as(self.writer)
        form = self.release_form("action-submit", go_live_at=go_live.strftime("%d/%m/%Y %H:%M"))
        self.assertEqual(self.client.post(self.add_url, form).status_code, 302)
        page = PressReleasePage.objects.get(slug="lancement-2019")

        # "Approuver et publier" in the editor's action menu posts the edit form.
        self.login_as(self.validator)
        edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        form = self.release_form(
            "action-workflow-action", go_live_at=go_live.strftime("%d/%m/%Y %H:%M"), url=edit_url
        )
        form["workflow-action-name"] = "approve"
        response = self.client.post(edit_url, form, follow=True)
        self.assertEqual(response.status_code, 200)
        page.refresh_from_db()
        self.assertFalse(page.live)
        when = f"{go_live:%d/%m/%Y} à {go_live:%H:%M} (heure de Paris)"
        messages = [str(message) for message in response.context["messages"]]
        self.assertEqual(len(messages), 1, messages)
        self.assertIn(
            f"La page « Lancement de la promotion 2019 » est programmée : elle sera publiée "
            f"le {when}.",
            messages[0],
        )
        self.assertNotIn("mise à jour", messages[0])

        # The status panel says "Programmée" (not "Brouillon"), and when, in Paris time; so
        # does the explorer's listing.
        soup = self.get_soup(self.client.get(edit_url).content)
        status = soup.select_one("[data-side-panel='status']").get_text(" ", strip=True)
        self.assertIn("Programmée", status)
        self.assertIn(f"Publication le {when}", status)
        self.assertNotIn("Brouillon", status)
        listing = self.client.get(reverse("wagtailadmin_explore", args=(self.index.pk,)))
        row = self.get_soup(listing.content).select_one(f"#page_{page.pk}_title").find_parent("tr")
        self.assertIn("programmée", row.get_text(" ", strip=True))
        self.assertIn(when, row.get_text(" ", strip=True))

    def test_the_scheduling_dialog_names_the_time_zone(self):
        self.login_as(self.writer)
        response = self.client.get(self.add_url)
        # Under the expiry date, the last field of the dialog.
        self.assertContains(response, "Les dates et heures sont à l’heure de Paris.", count=1)
        self.assertEqual(
            response.context["form"].fields["expire_at"].help_text,
            "Les dates et heures sont à l’heure de Paris.",
        )


class DaylightSavingTests(WagtailPageTestCase):
    """Go-live times are typed in Paris time and stored in UTC, across clock changes.

    In 2027 Paris clocks go forward on 28 March (02:00 → 03:00) and back on 31 October
    (03:00 → 02:00): 02:30 does not exist on the first day and happens twice on the second.
    """

    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.index = NewsIndexPage.objects.get()
        cls.add_url = reverse(
            "wagtailadmin_pages:add", args=("news", "pressreleasepage", cls.index.pk)
        )

    def setUp(self):
        self.login()

    def schedule(self, go_live_at, slug="heure-d-ete"):
        data = {
            "title": "Communiqué à l’heure d’été",
            "slug": slug,
            "date": "28/03/2027 03:30",
            "chapeau": "Publié au changement d’heure.",
            "go_live_at": go_live_at,
            "action-publish": "action-publish",
            **nested_form_data(
                {
                    "hero_images": inline_formset([]),
                    "attachments": inline_formset([]),
                    "body": streamfield([]),
                }
            ),
        }
        return self.client.post(self.add_url, admin_form_data(self.client, self.add_url, data))

    def test_a_time_that_does_not_exist_in_paris_is_refused_clearly(self):
        for typed in ("28/03/2027 02:30", "31/10/2027 02:30"):
            with self.subTest(typed=typed):
                response = self.schedule(typed)
                self.assertEqual(response.status_code, 200)
                errors = response.context["form"].errors["go_live_at"]
                self.assertIn("Europe/Paris", errors[0])
                self.assertIn("n’existe pas", errors[0])
                self.assertFalse(PressReleasePage.objects.exists())

    def test_a_release_after_the_spring_change_goes_live_at_the_right_utc_minute(self):
        self.assertEqual(self.schedule("28/03/2027 03:30").status_code, 302)
        page = PressReleasePage.objects.get()
        expected = dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.UTC)  # 03:30 CEST
        self.assertEqual(page.go_live_at, expected)
        self.assertEqual(page.revisions.get().approved_go_live_at, expected)
        # The admin shows it back in Paris time.
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        self.assertContains(edit, "28/03/2027 03:30")

        with time_machine.travel(expected - dt.timedelta(seconds=1)):
            self.assertEqual(scheduling.run_due(), (0, 0))
        with time_machine.travel(expected + dt.timedelta(seconds=1)):
            self.assertEqual(scheduling.run_due(), (1, 0))
        self.assertTrue(PressReleasePage.objects.get().live)

    def test_a_release_before_the_autumn_change_keeps_summer_time(self):
        self.assertEqual(self.schedule("31/10/2027 01:30", slug="heure-d-hiver").status_code, 302)
        page = PressReleasePage.objects.get()
        self.assertEqual(page.go_live_at, dt.datetime(2027, 10, 30, 23, 30, tzinfo=dt.UTC))
        self.assertEqual(self.schedule("31/10/2027 03:30", slug="apres").status_code, 302)
        after = PressReleasePage.objects.get(slug="apres")
        self.assertEqual(after.go_live_at, dt.datetime(2027, 10, 31, 2, 30, tzinfo=dt.UTC))
