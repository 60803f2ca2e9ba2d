import factory
import wagtail_factories
from django.utils import timezone

from news.models import (
    NewsCategory,
    NewsIndexPage,
    PressContact,
    PressContactPhone,
    PressReleasePage,
)


class PressContactFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Contact presse {n}")
    email = factory.Sequence(lambda n: f"presse{n}@example.gouv.fr")

    class Meta:
        model = PressContact
        skip_postgeneration_save = True

    @factory.post_generation
    def phones(obj, create, extracted, **kwargs):
        for number in extracted or []:
            PressContactPhone.objects.create(contact=obj, number=number)


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Catégorie {n}")

    class Meta:
        model = NewsCategory
        django_get_or_create = ("name",)

    @classmethod
    def _get_or_create(cls, model_class, *args, **kwargs):
        # setup_site makes « Communiqué de presse »: what a test asks of it still holds.
        category = super()._get_or_create(model_class, *args, **kwargs)
        changed = [key for key, value in kwargs.items() if getattr(category, key) != value]
        if changed:
            for key in changed:
                setattr(category, key, kwargs[key])
            category.save(update_fields=changed)
        return category


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Actualités"
    slug = "actualites"

    class Meta:
        model = NewsIndexPage


class PressReleasePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Communiqué {n}")
    chapeau = "Le programme ouvre l’administration à des talents du numérique."
    date = factory.LazyFunction(timezone.now)

    class Meta:
        model = PressReleasePage


def hidden_press_releases(index, marker):
    """Releases the public must not see, titled with ``marker``: an embargoed one (scheduled
    for tomorrow), one whose expiry date has passed while still live, a private one and a
    draft. Each also carries the tag and category "embargo", which no public release has."""
    from datetime import timedelta

    from wagtail.models import PageViewRestriction

    category = NewsCategoryFactory(name="Embargo")
    hidden = {}
    for kind in ("embargoed", "expired", "private", "draft"):
        page = PressReleasePageFactory(
            parent=index, live=kind != "embargoed", title=f"{marker} {kind}", chapeau=marker
        )
        page = PressReleasePage.objects.get(pk=page.pk)
        page.tags.add("embargo")
        page.categories.add(category)
        page.save()
        if kind == "embargoed":
            page.go_live_at = timezone.now() + timedelta(days=1)
            page.save_revision().publish()
            page.refresh_from_db()
            assert not page.live
        elif kind == "expired":
            PressReleasePage.objects.filter(pk=page.pk).update(
                expire_at=timezone.now() - timedelta(minutes=1)
            )
        elif kind == "private":
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
            )
        else:
            page.unpublish()
        hidden[kind] = page
    return hidden
