"""What the JSON API shows of each thing: only what readers see on the site's pages.

Every serializer reads fields already fetched by its view (`select_related`, prefetches or
annotations); none queries by itself, so that a page costs the same whatever its size.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import Event, Series
from people.models import Speaker
from talks.models import Note, Review, Talk, Topic


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute address of the object's page on the site."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, help_text="Its page on the site.", **kwargs)

    def to_representation(self, value) -> str:
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class TalkListUrlField(serializers.Field):
    """The absolute address of the talk, or of one of its lists, in the API (api/urls.py)."""

    def __init__(self, view_name: str, **kwargs):
        self.view_name = view_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, talk: Talk) -> str:
        address = reverse(self.view_name, kwargs={"event_slug": talk.event.slug, "slug": talk.slug})
        return self.context["request"].build_absolute_uri(address)


class NamedSerializer(serializers.Serializer):
    """A thing named by its slug and its name."""

    slug = serializers.SlugField()
    name = serializers.CharField()


class SeriesSerializer(serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = Series
        fields = ["slug", "name", "website", "description", "url"]


class EventSerializer(serializers.ModelSerializer):
    series = NamedSerializer(allow_null=True)
    url = PageUrlField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "name",
            "series",
            "start_date",
            "end_date",
            "city",
            "country",
            "venue",
            "website",
            "description",
            "url",
            "updated_at",
        ]


class SpeakerSerializer(serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = Speaker
        fields = ["slug", "name", "affiliation", "bio", "website", "url", "updated_at"]


class TopicSerializer(serializers.ModelSerializer):
    talk_count = serializers.IntegerField(help_text="How many published talks have it.")
    url = PageUrlField()

    class Meta:
        model = Topic
        fields = ["slug", "name", "description", "talk_count", "url"]


class LanguageSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 639-1 code, as in the `language` filter.")
    name = serializers.CharField()
    talk_count = serializers.IntegerField(source="count")


class TalkVersionSerializer(serializers.Serializer):
    """Another published version of a talk: the same talk given at another event or in
    another language."""

    event = serializers.SlugField(source="event.slug", help_text="Its event's slug.")
    slug = serializers.SlugField()
    title = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    date = serializers.DateField(allow_null=True)
    url = PageUrlField()
    api_url = TalkListUrlField("api:talk-detail", help_text="The version in the API.")


class TalkSerializer(serializers.ModelSerializer):
    event = NamedSerializer()
    speakers = NamedSerializer(many=True, source="listed_speakers")
    topics = NamedSerializer(many=True, source="listed_topics")
    languages = serializers.ListField(child=serializers.CharField())
    rating_average = serializers.DecimalField(
        max_digits=3, decimal_places=2, coerce_to_string=False, allow_null=True, read_only=True
    )
    url = PageUrlField()
    notes_url = TalkListUrlField("api:talk-note-list", help_text="Its published notes.")
    reviews_url = TalkListUrlField("api:talk-review-list", help_text="Its published reviews.")
    versions = serializers.SerializerMethodField(
        help_text="Its other published versions, the earliest first: the same talk given at "
        "other events or in other languages."
    )

    class Meta:
        model = Talk
        fields = [
            "id",
            "slug",
            "title",
            "event",
            "speakers",
            "topics",
            "abstract",
            "format",
            "languages",
            "date",
            "start_time",
            "duration",
            "room",
            "slides_url",
            "video_url",
            "published_note_count",
            "rating_average",
            "url",
            "notes_url",
            "reviews_url",
            "versions",
            "updated_at",
        ]

    @extend_schema_field(TalkVersionSerializer(many=True))
    def get_versions(self, talk: Talk) -> list:
        """Read from talks.selectors.with_versions."""
        if talk.work is None:
            return []
        others = [version for version in talk.work.published_versions if version.pk != talk.pk]
        return TalkVersionSerializer(others, many=True, context=self.context).data


class TalkReferenceSerializer(serializers.Serializer):
    """The talk a note or a review is about."""

    id = serializers.IntegerField()
    event = serializers.SlugField(source="event.slug")
    slug = serializers.SlugField()
    title = serializers.CharField()


class AuthorField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(source="author.username", help_text="The author's user name.", **kwargs)


class NoteSerializer(serializers.ModelSerializer):
    talk = TalkReferenceSerializer()
    author = AuthorField()
    body_html = serializers.CharField(help_text="The Markdown body rendered and sanitized.")

    class Meta:
        model = Note
        fields = [
            "id",
            "talk",
            "author",
            "language",
            "body",
            "body_html",
            "published_at",
            "updated_at",
        ]


class ReviewSerializer(serializers.ModelSerializer):
    talk = TalkReferenceSerializer()
    author = AuthorField()
    body_html = serializers.CharField(help_text="The Markdown body rendered and sanitized.")

    class Meta:
        model = Review
        fields = ["id", "talk", "author", "rating", "body", "body_html", "created_at", "updated_at"]


class YearActivitySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    talks = serializers.IntegerField(help_text="Published talks of that year.")
    notes = serializers.IntegerField(help_text="Published notes on those talks.")


class TrendSeriesSerializer(serializers.Serializer):
    """Something counted in each year of `years`, in the same order."""

    talk_counts = serializers.ListField(
        child=serializers.IntegerField(), source="counts", help_text="Talks, year by year."
    )
    shares = serializers.ListField(
        child=serializers.FloatField(),
        help_text="Share of the year's talks, from 0 to 1, year by year.",
    )


class LanguageTrendSerializer(TrendSeriesSerializer):
    code = serializers.CharField(source="key", help_text="ISO 639-1 code.")
    name = serializers.CharField()


class TopicTrendSerializer(TrendSeriesSerializer):
    slug = serializers.SlugField(source="key")
    name = serializers.CharField()
    change = serializers.FloatField(
        help_text="Share of the talks in the latest years minus the share in the years before."
    )


class RankedSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    talk_count = serializers.IntegerField(source="talks")


class CountedSerializer(serializers.Serializer):
    counted_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When these numbers were counted: they are counted again every few minutes.",
    )


class TrendsSerializer(CountedSerializer):
    years = serializers.ListField(child=serializers.IntegerField())
    activity = YearActivitySerializer(many=True)
    languages = LanguageTrendSerializer(many=True, help_text="The most common languages.")
    rising_topics = TopicTrendSerializer(many=True, source="rising")
    falling_topics = TopicTrendSerializer(many=True, source="falling")
    busiest_speakers = RankedSerializer(many=True, source="speakers")


class TopicTrendsSerializer(CountedSerializer):
    years = serializers.ListField(
        child=serializers.IntegerField(), help_text="The years of every published talk."
    )
    activity = YearActivitySerializer(many=True, help_text="The topic's talks and notes.")
    shares = serializers.ListField(
        child=serializers.FloatField(),
        source="share.shares",
        help_text="The topic's share of the year's talks, from 0 to 1, year by year.",
    )
    languages = LanguageTrendSerializer(
        many=True, help_text="Shares of the year's talks on the topic."
    )
    related_topics = RankedSerializer(
        many=True, source="related", help_text="Topics with most talks on this one too."
    )
    busiest_speakers = RankedSerializer(many=True, source="speakers")
