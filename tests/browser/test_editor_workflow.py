"""The editor's path in a real browser: a Rédactrice writes and schedules a press release with
an encadré and a citation, a Validateur approves it, readers see nothing until the scheduler
runs past its go-live time, then the release.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from cms.publishing import scheduler as scheduling
from news.models import NewsIndexPage, PressReleasePage
from tests.browser.conftest import ARTIFACTS
from tests.utils import setup_site

pytestmark = pytest.mark.browser

PARIS = ZoneInfo("Europe/Paris")
PASSWORD = "un-mot-de-passe-assez-long"  # noqa: S105


@pytest.fixture
def newsroom(site_url, django_user_model):
    setup_site()
    users = {}
    for username, group in (("redactrice", "Rédacteurs"), ("validateur", "Validateurs")):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        users[group] = user
    return users


def log_in(page, username):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type='submit']").click()
    page.wait_for_url("**/admin/")


def overlap(box, other):
    """Whether two bounding boxes (Playwright's dicts) intersect."""
    return not (
        box["x"] + box["width"] <= other["x"]
        or other["x"] + other["width"] <= box["x"]
        or box["y"] + box["height"] <= other["y"]
        or other["y"] + other["height"] <= box["y"]
    )


def add_block(page, label, position):
    page.locator("button[title='Insérer un bloc']").nth(position).click()
    page.get_by_role("option", name=label, exact=True).click()


def test_write_schedule_approve_and_go_live(open_page, newsroom, screenshot):
    index = NewsIndexPage.objects.get()
    go_live = (
        (timezone.now() + dt.timedelta(days=1))
        .astimezone(PARIS)
        .replace(hour=9, minute=30, second=0, microsecond=0)
    )

    # The Rédactrice writes the release, with an encadré and a citation, and schedules it.
    writer = open_page()
    log_in(writer, "redactrice")
    writer.goto(f"/admin/pages/add/news/pressreleasepage/{index.pk}/")
    writer.locator("#id_title").fill("La promotion 2019 est lancée")
    writer.locator("#id_chapeau").fill("32 entrepreneurs rejoignent 15 administrations.")
    add_block(writer, "Encadré", 0)
    writer.locator("input[name='body-0-value-title']").fill("En bref")
    writer.locator("[data-contentpath='text'] [contenteditable='true']").first.click()
    writer.keyboard.type("13 défis, 28 talents, 10 mois.")
    add_block(writer, "Citation", 1)
    writer.locator("[name='body-1-value-text']").fill(
        "Le numérique au service de l’intérêt général."
    )
    writer.locator("input[name='body-1-value-author']").fill("Mounir Mahjoubi")

    # The preview panel shows the draft, at the desktop and the mobile sizes.
    writer.get_by_role("button", name="Afficher/masquer la prévisualisation").click()
    preview = writer.frame_locator("#w-preview-iframe")
    for size in ("ordinateur de bureau", "mobile"):
        writer.get_by_role("radio", name=f"Prévisualiser au format {size}").check()
        heading = preview.get_by_role("heading", level=1)
        assert heading.inner_text() == "La promotion 2019 est lancée"
        screenshot(writer, f"editor-preview-{size.split()[0]}")
    writer.get_by_role("button", name="Afficher/masquer la prévisualisation").click()

    writer.get_by_role("button", name="Afficher/masquer le statut").click()
    # The scheduling dialog says which time zone its dates are in, and its date picker
    # leaves the save button in sight.
    writer.get_by_role("button", name="Programmer").click()
    dialog = writer.locator("#schedule-publishing-dialog")
    assert "Les dates et heures sont à l’heure de Paris." in dialog.inner_text()
    go_live_field = writer.locator("#id_go_live_at")
    go_live_field.click()
    go_live_field.fill(go_live.strftime("%d/%m/%Y %H:%M"))
    picker = writer.locator(".xdsoft_datetimepicker:visible")
    save = writer.get_by_role("button", name="Enregistrer la programmation")
    assert not overlap(picker.bounding_box(), save.bounding_box())
    assert not overlap(picker.bounding_box(), dialog.locator(".w-dialog__box").bounding_box())
    writer.screenshot(path=str(ARTIFACTS / "editor-schedule-dialog.png"))
    # A real click, which fails if anything covers the button.
    save.click(timeout=5000)
    status = writer.locator("[data-side-panel='status']")
    status.get_by_text("Les dates et heures sont à l’heure de Paris.").wait_for()
    screenshot(writer, "editor-schedule-saved")

    writer.get_by_role("button", name="Plus d'actions").click()
    writer.get_by_role("button", name=re.compile("Soumettre")).click()
    writer.wait_for_url(re.compile(r"/admin/pages/\d+/(edit/)?$"))
    screenshot(writer, "editor-submitted")

    release = PressReleasePage.objects.get(title="La promotion 2019 est lancée")
    assert not release.live
    assert release.current_workflow_state is not None

    # The Validateur approves: the release is scheduled, not live.
    validator = open_page()
    log_in(validator, "validateur")
    validator.goto(f"/admin/pages/{release.pk}/edit/")
    validator.get_by_role("button", name="Plus d'actions").click()
    validator.get_by_role("button", name="Approuver et Publier", exact=True).click()
    validator.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    release.refresh_from_db()
    assert not release.live
    assert release.revisions.get(approved_go_live_at__isnull=False).approved_go_live_at == go_live
    # It says so, and when: in its message, in the listing and in the status panel.
    when = f"{go_live:%d/%m/%Y} à {go_live:%H:%M} (heure de Paris)"
    message = validator.locator(".messages").inner_text()
    assert f"« La promotion 2019 est lancée » est programmée : elle sera publiée le {when}" in (
        message
    )
    row = validator.get_by_role("row").filter(has_text="La promotion 2019 est lancée")
    assert "programmée" in row.inner_text().lower()
    assert when in row.inner_text()
    screenshot(validator, "editor-approved")
    validator.goto(f"/admin/pages/{release.pk}/edit/")
    status = validator.locator("[data-side-panel='status']")
    if not status.is_visible():
        validator.get_by_role("button", name="Afficher/masquer le statut").click()
    # The panel opens with an animation: wait for its text rather than read it at once.
    expect(status).to_contain_text("Programmée")
    assert f"Publication le {when}" in status.inner_text()
    assert "Brouillon" not in status.inner_text()
    screenshot(validator, "editor-approved-status")

    # Readers get a 404 until go-live.
    reader = open_page()
    url = f"/actualites/{release.slug}/"
    assert reader.goto(url).status == 404

    with time_machine.travel(go_live + dt.timedelta(seconds=1)):
        assert scheduling.run_due() == (1, 0)
        response = reader.goto(url)
        assert response.status == 200
        assert reader.get_by_role("heading", level=1).inner_text() == "La promotion 2019 est lancée"
        assert "13 défis, 28 talents, 10 mois." in reader.content()
        assert "Mounir Mahjoubi" in reader.content()
        screenshot(reader, "editor-published")


def test_the_date_picker_leaves_the_schedule_button_in_sight_on_a_phone(admin_page, newsroom):
    index = NewsIndexPage.objects.get()
    editor = admin_page(newsroom["Validateurs"], viewport="mobile")
    editor.goto(f"/admin/pages/add/news/pressreleasepage/{index.pk}/")
    editor.get_by_role("button", name="Afficher/masquer le statut").click()
    editor.get_by_role("button", name="Programmer").click()
    for field in ("#id_go_live_at", "#id_expire_at"):
        editor.locator(field).click()
        picker = editor.locator(".xdsoft_datetimepicker:visible")
        save = editor.get_by_role("button", name="Enregistrer la programmation")
        assert not overlap(picker.bounding_box(), save.bounding_box())
        editor.screenshot(path=str(ARTIFACTS / f"editor-schedule-mobile-{field[4:]}.png"))
