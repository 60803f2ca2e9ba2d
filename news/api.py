"""API representations of press releases' relations: categories, media, contact."""

from rest_framework import serializers

from cms.publishing.api.representations import (
    absolute_url,
    document_representation,
    image_representation,
)


class PressContactSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)
    phone_numbers = serializers.ListField(child=serializers.CharField(), read_only=True)


class NewsCategorySerializer(serializers.Serializer):
    """A category by name and slug, with the press contact of its releases that name none."""

    name = serializers.CharField(read_only=True)
    slug = serializers.SlugField(read_only=True)
    default_press_contact = PressContactSerializer(read_only=True, allow_null=True)


class HeroImageSerializer(serializers.Serializer):
    """A hero image: the image with renditions, its alternative text and caption; a decorative
    image has an empty alternative text."""

    def to_representation(self, instance):
        return {
            "image": image_representation(instance.image, self.context, alt_text=instance.alt),
            "alt": instance.alt,
            "decorative": instance.decorative,
            "caption": instance.caption,
        }


class AttachmentSerializer(serializers.Serializer):
    """A file to download: label, address, and for a library document its size and format."""

    def to_representation(self, instance):
        document = instance.document if instance.document_id else None
        return {
            "label": instance.display_label,
            "url": absolute_url(instance.href, self.context),
            "format": instance.file_extension,
            "size": instance.file_size,
            "document": document_representation(document, self.context) if document else None,
        }


class RedirectTargetSerializer(serializers.CharField):
    """A redirect item's target, absolute; null for a release that is a page of its own."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return absolute_url(value, self.context) if value else None
