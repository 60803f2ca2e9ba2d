"""API representations of the programme's relations, nested in its pages."""

from rest_framework import serializers

from cms.publishing.absolute_urls import page_url
from cms.publishing.api.representations import document_representation, image_representation


class LogoSerializer(serializers.Serializer):
    """A page's logo, its title as alternative text, or null."""

    def to_representation(self, instance):
        if not instance.logo_id:
            return None
        return image_representation(instance.logo, self.context, alt_text=instance.title)


class AchievementImageSerializer(serializers.Serializer):
    """An achievement's image with the alternative text typed for it, or null."""

    def to_representation(self, instance):
        if not instance.image_id:
            return None
        return image_representation(instance.image, self.context, alt_text=instance.image_alt)


class DocumentSerializer(serializers.Serializer):
    """A document to download (title, address, size, format), or null."""

    def to_representation(self, instance):
        return document_representation(instance, self.context) if instance is not None else None


class AdministrationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    acronym = serializers.CharField(read_only=True)
    ministry = serializers.CharField(read_only=True)
    website = serializers.URLField(read_only=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["logo"] = (
            image_representation(instance.logo, self.context) if instance.logo_id else None
        )
        return data


class EntrepreneurSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    profile = serializers.CharField(read_only=True)
    bio = serializers.CharField(read_only=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["photo"] = (
            image_representation(instance.photo, self.context, alt_text=instance.photo_alt)
            if instance.photo_id
            else None
        )
        data["links"] = [{"label": link.label, "url": link.url} for link in instance.links.all()]
        return data


class ChallengeTeamMemberSerializer(serializers.Serializer):
    def to_representation(self, instance):
        return EntrepreneurSerializer(instance.entrepreneur).data


class ChallengeMentorSerializer(serializers.Serializer):
    def to_representation(self, instance):
        mentor = instance.mentor
        return {
            "id": mentor.pk,
            "name": mentor.name,
            "role": mentor.role,
            "kind": mentor.kind,
            "administration": mentor.administration.name if mentor.administration_id else None,
        }


class PromotionSummarySerializer(serializers.Serializer):
    """A promotion as other pages point to it: id, names and address."""

    def to_representation(self, instance):
        if instance is None:
            return None
        return {
            "id": instance.pk,
            "title": instance.title,
            "number": instance.number,
            "short_name": instance.short_name,
            "url": page_url(instance, self.context.get("request")),
        }


class FiguresSerializer(serializers.DictField):
    """Figures counted from the data when asked, never typed."""

    child = serializers.IntegerField(allow_null=True)
