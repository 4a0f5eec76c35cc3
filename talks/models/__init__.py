"""The talks app's models, one module per subject; everything is importable from here."""

from talks.models.choices import (
    MAX_BODY_LENGTH,
    NoteStatus,
    ReportReason,
    ReviewStatus,
    TalkFormat,
    TalkStatus,
)
from talks.models.contributions import (
    PENDING_FIRST,
    MarkdownBody,
    Note,
    NoteManager,
    NoteQuerySet,
    NoteReport,
    NoteRevision,
    Review,
    ReviewQuerySet,
)
from talks.models.proposals import (
    Proposal,
    ProposalQuerySet,
    TopicSuggestion,
    TopicSuggestionStatus,
    open_proposals,
    undecided_proposals,
)
from talks.models.schedule_uploads import ScheduleUpload
from talks.models.slides import SlidesCopy, SlidesCopyQuerySet
from talks.models.talks import (
    EventTalkTriggers,
    SpeakerTalkTriggers,
    Talk,
    TalkQuerySet,
    TalkSearchDocument,
    TalkSpeaker,
    published_talks,
)
from talks.models.topics import TaggedTalk, Topic, TopicAlias, TopicQuerySet
from talks.models.trends import (
    TrendSpeaker,
    TrendTopicPair,
    TrendTopicSpeaker,
    TrendTopicYear,
    TrendYear,
)
from talks.models.versions import VersionDismissal, Work

__all__ = [
    "MAX_BODY_LENGTH",
    "PENDING_FIRST",
    "EventTalkTriggers",
    "MarkdownBody",
    "Note",
    "NoteManager",
    "NoteQuerySet",
    "NoteReport",
    "NoteRevision",
    "NoteStatus",
    "Proposal",
    "ProposalQuerySet",
    "ReportReason",
    "Review",
    "ReviewQuerySet",
    "ReviewStatus",
    "ScheduleUpload",
    "SlidesCopy",
    "SlidesCopyQuerySet",
    "SpeakerTalkTriggers",
    "TaggedTalk",
    "Talk",
    "TalkFormat",
    "TalkQuerySet",
    "TalkSearchDocument",
    "TalkSpeaker",
    "TalkStatus",
    "Topic",
    "TopicAlias",
    "TopicQuerySet",
    "TopicSuggestion",
    "TopicSuggestionStatus",
    "TrendSpeaker",
    "TrendTopicPair",
    "TrendTopicSpeaker",
    "TrendTopicYear",
    "TrendYear",
    "VersionDismissal",
    "Work",
    "open_proposals",
    "published_talks",
    "undecided_proposals",
]
