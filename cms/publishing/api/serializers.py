"""Wagtail's v2 serializers with every address built by ``cms.publishing.absolute_urls``.

Wagtail builds ``detail_url`` and a document's ``download_url`` from ``WAGTAILAPI_BASE_URL``
(else the site's address) and ``html_url`` from the site's address, while this site's fields
(renditions, files, rich text) follow the request: a site served on another port than the one
configured answered addresses of both. Here all of them follow one rule.
"""

from django.urls.exceptions import NoReverseMatch
from rest_framework.fields import Field, SkipField
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.images.api.v2.serializers import ImageSerializer

from cms.publishing.absolute_urls import absolute_url, page_url


def detail_url(router, request, model, pk):
    """The API address of an object, or None when no endpoint serves its model."""
    path = router.get_object_detail_urlpath(model, pk)
    return absolute_url(path, request) if path else None


class DetailUrlField(wagtail_serializers.DetailUrlField):
    def get_attribute(self, instance):
        url = detail_url(
            self.context["router"], self.context["request"], type(instance), instance.pk
        )
        if url is None:
            raise SkipField
        return url


class PageHtmlUrlField(wagtail_serializers.PageHtmlUrlField):
    def to_representation(self, page):
        try:
            return page_url(page, self.context["request"])
        except NoReverseMatch:
            return None


class NestedPageMixin:
    """A page nested in another's ``meta`` (its parent, what it is an alias of)."""

    def to_representation(self, value):
        serializer_class = wagtail_serializers.get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=PublicPageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class PageParentField(NestedPageMixin, wagtail_serializers.PageParentField):
    pass


class PageAliasOfField(NestedPageMixin, wagtail_serializers.PageAliasOfField):
    pass


class PublicPageSerializer(wagtail_serializers.PageSerializer):
    detail_url = DetailUrlField(read_only=True)
    html_url = PageHtmlUrlField(read_only=True)
    parent = PageParentField(read_only=True)
    alias_of = PageAliasOfField(read_only=True)


class PublicImageSerializer(ImageSerializer):
    detail_url = DetailUrlField(read_only=True)


class DocumentDownloadUrlField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, document):
        return absolute_url(document.url, self.context["request"])


class PublicDocumentSerializer(DocumentSerializer):
    detail_url = DetailUrlField(read_only=True)
    download_url = DocumentDownloadUrlField(read_only=True)
