from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from programme.models import Administration, Entrepreneur, JuryMember, Mentor


class AdministrationViewSet(SnippetViewSet):
    model = Administration
    icon = "site"
    menu_label = _("Administrations")
    list_display = ["name", "acronym", "ministry"]
    search_fields = ["name", "acronym", "ministry"]
    ordering = ["name"]


class EntrepreneurViewSet(SnippetViewSet):
    model = Entrepreneur
    icon = "user"
    menu_label = _("Entrepreneurs")
    list_display = ["name", "profile"]
    list_filter = ["profile"]
    search_fields = ["name"]
    ordering = ["name"]


class MentorViewSet(SnippetViewSet):
    model = Mentor
    icon = "group"
    menu_label = _("Mentors")
    list_display = ["name", "role", "administration", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "role"]
    ordering = ["name"]

    def get_queryset(self, request):
        return Mentor.objects.select_related("administration")


class JuryMemberViewSet(SnippetViewSet):
    model = JuryMember
    icon = "pick"
    menu_label = _("Jury")
    list_display = ["name", "role"]
    search_fields = ["name", "role"]
    ordering = ["name"]


class ProgrammeViewSetGroup(SnippetViewSetGroup):
    items = (AdministrationViewSet, EntrepreneurViewSet, MentorViewSet, JuryMemberViewSet)
    menu_icon = "group"
    menu_label = _("Programme")
    menu_name = "programme"


register_snippet(ProgrammeViewSetGroup)
