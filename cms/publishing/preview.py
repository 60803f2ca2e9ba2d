"""Headless preview: a short-lived token that lets a headless site show an editor a draft.

An editor asks for a preview in the admin (the page's "…" menu): a token is signed for that
page and its latest revision, and the editor is sent to the headless site
(``PUBLISHING["PREVIEW_CLIENT_URL"]``) or shown the API address. The headless site reads the
draft at
``/api/v2/preview/<page id>/?token=<token>``, in the same shape as ``/api/v2/pages/<id>/``.

Tokens are signed with ``SECRET_KEY`` (no table: every app server checks them), expire after
``PUBLISHING["PREVIEW_MAX_AGE"]`` seconds, name one page and one revision, and every answer is
``Cache-Control: private, no-store``. A missing, forged, expired or other page's token gets
403 and no content.
"""

import datetime as dt

from django.core import signing
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from rest_framework import status
from rest_framework.response import Response
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page, Revision

from cms.publishing.absolute_urls import absolute_url
from cms.publishing.api.parameters import DetailParametersMixin
from cms.publishing.api.serializers import PublicPageSerializer
from cms.publishing.conf import setting

SALT = "cms.publishing.preview.headless"


class PreviewTokenError(Exception):
    pass


def max_age():
    return setting("PREVIEW_MAX_AGE")


def make_token(revision):
    return signing.dumps({"page": int(revision.object_id), "revision": revision.pk}, salt=SALT)


def read_token(token, page_id):
    """The page as it is in the token's revision, or PreviewTokenError saying why not."""
    if not token:
        raise PreviewTokenError("a preview token is required (?token=)")
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as error:
        raise PreviewTokenError("this preview token has expired") from error
    except signing.BadSignature as error:
        raise PreviewTokenError("this preview token is not valid") from error
    if not isinstance(data, dict) or data.get("page") != page_id:
        raise PreviewTokenError("this preview token is for another page")
    revision = Revision.page_revisions.filter(
        pk=data.get("revision"), object_id=str(page_id)
    ).first()
    if revision is None:
        raise PreviewTokenError("this preview token is no longer valid")
    return revision.as_object()


def preview_api_url(page_id, token, request=None):
    path = reverse("wagtailapi_v2:preview:detail", args=(page_id,))
    return f"{absolute_url(path, request)}?token={token}"


class PreviewAPIViewSet(DetailParametersMixin, PagesAPIViewSet):
    """``/api/v2/preview/<id>/?token=…``: a page's draft, for the holder of a valid token."""

    base_serializer_class = PublicPageSerializer

    detail_query_parameters = DetailParametersMixin.detail_query_parameters | {"token"}

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            self._cached_object = read_token(self.request.GET.get("token"), int(self.kwargs["pk"]))
        return self._cached_object

    def listing_view(self, request):
        raise Http404("preview one page at a time: /api/v2/preview/<page id>/?token=…")

    def find_view(self, request):
        return self.listing_view(request)

    def handle_exception(self, exc):
        if isinstance(exc, PreviewTokenError):
            return Response({"message": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
        return response


class HeadlessPreviewView(WagtailAdminTemplateMixin, TemplateView):
    """Signs a token for the page's latest revision and sends the editor to the preview."""

    template_name = "publishing/admin/headless_preview.html"
    page_title = _("Headless preview")
    header_icon = "view"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not self.page.permissions_for_user(request.user).can_edit():
            raise Http404
        self.revision = self.page.get_latest_revision()
        if self.revision is None:
            self.revision = self.page.save_revision(user=request.user)
        self.token = make_token(self.revision)
        self.api_url = preview_api_url(self.page.pk, self.token, request)
        client = setting("PREVIEW_CLIENT_URL")
        if client:
            response = HttpResponseRedirect(
                client.format(page_id=self.page.pk, token=self.token, api_url=self.api_url)
            )
        else:
            response = super().dispatch(request)
        add_never_cache_headers(response)
        return response

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        edit_url = reverse("wagtailadmin_pages:edit", args=(self.page.pk,))
        return self.breadcrumbs_items + [
            {"url": edit_url, "label": self.page.get_admin_display_title()},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=self.page,
            revision=self.revision,
            api_url=self.api_url,
            expires_at=timezone.now() + dt.timedelta(seconds=max_age()),
            minutes=max(1, max_age() // 60),
            **kwargs,
        )


class HeadlessPreviewMenuItem(PageMenuItem):
    label = _("Headless preview")
    icon_name = "view"
    url_name = "publishing_headless_preview"

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()
