from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from news.models import NewsCategory, PressContact


def phone_numbers_text(contact):
    return ", ".join(contact.phone_numbers)


class PressContactViewSet(SnippetViewSet):
    model = PressContact
    icon = "user"
    menu_label = _("Press contacts")
    list_display = [
        "name",
        "email",
        Column("phone_numbers", label=_("Phone numbers"), accessor=phone_numbers_text),
    ]
    search_fields = ["name", "email"]
    ordering = ["name"]

    def get_queryset(self, request):
        return PressContact.objects.prefetch_related("phones")


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "slug", "default_press_contact"]
    search_fields = ["name"]
    ordering = ["name"]


class NewsViewSetGroup(SnippetViewSetGroup):
    items = (NewsCategoryViewSet, PressContactViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("News")
    menu_name = "news"


register_snippet(NewsViewSetGroup)
