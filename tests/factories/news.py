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
