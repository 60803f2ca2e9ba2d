"""Blocks of the programme's pages: the shared body blocks, plus a promotion's live figures."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.publishing.api.representations import page_summary
from editorial.blocks import BodyStreamBlock, KeyFigureBlock

FIGURE_CHOICES = [
    ("challenges", _("Number of challenges")),
    ("entrepreneurs", _("Number of entrepreneurs")),
    ("duration", _("Duration")),
    ("pay", _("Monthly pay")),
    ("applicants", _("Number of applicants")),
    ("promotions", _("Number of promotions of the programme")),
]


class PromotionFiguresBlock(blocks.StructBlock):
    """A promotion's key figures, computed from its défis and teams: always up to date.

    Press releases do not offer it: a release is a dated record and keeps the figures typed
    when it was written.
    """

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    promotion = blocks.PageChooserBlock(label=_("Promotion"), page_type="programme.PromotionPage")
    figures = blocks.MultipleChoiceBlock(
        label=_("Figures to show"),
        choices=FIGURE_CHOICES,
        default=["challenges", "entrepreneurs", "duration", "pay"],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        icon = "table"
        label = _("Live figures of a promotion")
        template = "programme/blocks/promotion_figures_block.html"

    def get_api_representation(self, value, context=None):
        promotion = value["promotion"]
        items = promotion.specific.figure_items(value["figures"]) if promotion else []
        return {
            "title": value["title"],
            "promotion": page_summary(promotion, context),
            "figures": [{"figure": figure, "label": str(label)} for figure, label in items],
        }

    def heading_level(self, value):
        # The title shows only with the figures, and there are none without a promotion.
        return 2 if value["title"] and value["promotion"] and value["figures"] else None

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        promotion = value["promotion"]
        context["items"] = promotion.specific.figure_items(value["figures"]) if promotion else []
        return context


class ProgrammeStreamBlock(BodyStreamBlock):
    """The body of programme pages: the shared blocks and a promotion's live figures."""

    promotion_figures = PromotionFiguresBlock()


class ChallengeFiguresStreamBlock(blocks.StreamBlock):
    """The figures a défi's team reports at its end, as typed by the editors."""

    figure = KeyFigureBlock()
