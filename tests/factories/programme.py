import datetime as dt

import factory
import wagtail_factories
from django.utils import timezone

from programme.models import (
    Administration,
    CallPage,
    ChallengePage,
    ChallengeTeamMember,
    Entrepreneur,
    Mentor,
    ProgrammePage,
    PromotionPage,
)


class AdministrationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Administration {n}")

    class Meta:
        model = Administration


class EntrepreneurFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Entrepreneur {n}")

    class Meta:
        model = Entrepreneur


class MentorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Mentor {n}")

    class Meta:
        model = Mentor


class ProgrammePageFactory(wagtail_factories.PageFactory):
    title = "Le programme"
    slug = "programme"

    class Meta:
        model = ProgrammePage


class PromotionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Promotion {n}")
    short_name = factory.Sequence(lambda n: f"EIG {n}")
    start_date = dt.date(2018, 1, 16)
    duration_months = 10
    monthly_pay = 4000

    class Meta:
        model = PromotionPage


class ChallengePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Défi {n}")
    summary = "Lutter contre la fraude"
    administration = factory.SubFactory(AdministrationFactory)

    class Meta:
        model = ChallengePage
        skip_postgeneration_save = True

    @factory.post_generation
    def team(obj, create, extracted, **kwargs):
        for entrepreneur in extracted or []:
            ChallengeTeamMember.objects.create(page=obj, entrepreneur=entrepreneur)


class CallPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Appel {n}")
    audience = "talents"
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    apply_url = "https://demarches.example.gouv.fr/candidature"

    class Meta:
        model = CallPage
