"""Enumerations of the domain model."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "DEFAULT_LEVEL",
    "ContributionKind",
    "EventKind",
    "Level",
    "Outcome",
    "ParticipationRole",
]


class EventKind(StrEnum):
    """What sort of occasion an :class:`~ownership.Event` is."""

    WORKSHOP = "workshop"
    THEME_DAY = "theme_day"
    DIGITAL_PLATFORM = "digital_platform"
    SURVEY = "survey"
    MEETING = "meeting"
    TOWN_HALL = "town_hall"
    INTERVIEW = "interview"
    PRESENTATION = "presentation"
    NEWSLETTER = "newsletter"
    ANNOUNCEMENT = "announcement"
    STORY = "story"
    OTHER = "other"

    @property
    def one_way(self) -> bool:
        """Whether this kind only sends a message (presentation, newsletter, announcement, story).

        >>> EventKind.NEWSLETTER.one_way, EventKind.WORKSHOP.one_way
        (True, False)
        """
        return self in _ONE_WAY


_ONE_WAY = frozenset(
    {EventKind.PRESENTATION, EventKind.NEWSLETTER, EventKind.ANNOUNCEMENT, EventKind.STORY}
)

_RANK: dict[str, int] = {}


class Level(StrEnum):
    """The IAP2 spectrum of public participation, ordered from inform to empower.

    Levels compare by their rank on the spectrum, not alphabetically:

    >>> Level.INFORM < Level.CONSULT < Level.INVOLVE < Level.COLLABORATE < Level.EMPOWER
    True
    >>> Level.COLLABORATE.rank, max(Level.INVOLVE, Level.CONSULT)
    (3, <Level.INVOLVE: 'involve'>)

    Reference: International Association for Public Participation (2018),
    *IAP2 Spectrum of Public Participation*.
    """

    INFORM = "inform"
    CONSULT = "consult"
    INVOLVE = "involve"
    COLLABORATE = "collaborate"
    EMPOWER = "empower"

    @property
    def rank(self) -> int:
        """0 for inform up to 4 for empower."""
        return _RANK[self.value]

    @property
    def two_way(self) -> bool:
        """Whether the level is at least consult (a two-way exchange)."""
        return self.rank >= 1

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank >= other.rank

    __hash__ = StrEnum.__hash__


_RANK.update({level.value: rank for rank, level in enumerate(Level)})


DEFAULT_LEVEL: dict[EventKind, Level] = {
    EventKind.PRESENTATION: Level.INFORM,
    EventKind.NEWSLETTER: Level.INFORM,
    EventKind.ANNOUNCEMENT: Level.INFORM,
    EventKind.STORY: Level.INFORM,
    EventKind.SURVEY: Level.CONSULT,
    EventKind.DIGITAL_PLATFORM: Level.CONSULT,
    EventKind.OTHER: Level.CONSULT,
    EventKind.MEETING: Level.INVOLVE,
    EventKind.INTERVIEW: Level.INVOLVE,
    EventKind.TOWN_HALL: Level.INVOLVE,
    EventKind.THEME_DAY: Level.INVOLVE,
    EventKind.WORKSHOP: Level.COLLABORATE,
}
"""The level an event of each kind has unless it says otherwise.

``other`` is not named in the design; it defaults to consult, the lowest two-way level,
so that an unclassified exchange is neither dropped from dialogue nor over-credited.
"""


class ContributionKind(StrEnum):
    """What a :class:`~ownership.Contribution` is."""

    QUESTION = "question"
    IDEA = "idea"
    CONCERN = "concern"
    COMMENT = "comment"


class Outcome(StrEnum):
    """What a :class:`~ownership.Response` did with the contribution it answers."""

    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    ADOPTED = "adopted"
    DECLINED = "declined"


class ParticipationRole(StrEnum):
    """How a stakeholder took part in an :class:`~ownership.Event`."""

    INVITED = "invited"
    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"
