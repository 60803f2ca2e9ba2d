"""The editors' guide, in French, in the admin's help menu.

Wagtail's help menu links to its own guide, in English and about Wagtail in general; this one
says how this site works: writing, checks, validation, scheduling and embargo, media.
"""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class EditorGuideView(WagtailAdminTemplateMixin, TemplateView):
    """The guide page; the accepted files are read from the settings so that it stays true."""

    template_name = "cms/admin/editor_guide.html"
    page_title = _("Editor Guide")
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            image_extensions=", ".join(settings.WAGTAILIMAGES_EXTENSIONS),
            image_max_size=filesizeformat(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE),
            document_extensions=", ".join(settings.WAGTAILDOCS_EXTENSIONS),
            document_max_size=filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE),
            **kwargs,
        )
