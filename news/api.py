"""API representations of the news snippets, nested in press release pages."""

from rest_framework import serializers


class NewsCategorySerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    slug = serializers.SlugField(read_only=True)


class PressContactSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)
    phone_numbers = serializers.ListField(child=serializers.CharField(), read_only=True)
