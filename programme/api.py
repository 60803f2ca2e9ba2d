"""API representations of the programme's relations, nested in its pages."""

from rest_framework import serializers


class AdministrationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    acronym = serializers.CharField(read_only=True)
    ministry = serializers.CharField(read_only=True)
    website = serializers.URLField(read_only=True)


class EntrepreneurSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    profile = serializers.CharField(read_only=True)


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
            "url": instance.full_url,
        }


class FiguresSerializer(serializers.DictField):
    """Figures counted from the data when asked, never typed."""

    child = serializers.IntegerField(allow_null=True)
