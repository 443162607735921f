"""The words a calendar file writes around a talk's own text, in the site's language. No Sphinx here.

The core writes English; the Sphinx layer (:func:`sphinx_seminars.i18n.calendar_labels`) fills one
:class:`CalendarLabels` from the same message catalog as the pages and hands it to the writer.
"""

from __future__ import annotations

import dataclasses

from .model import TO_BE_ANNOUNCED, Link, Status


@dataclasses.dataclass(frozen=True)
class CalendarLabels:
    """Defaults are the English the calendars have always had (English sites keep their bytes)."""

    speaker: str = "Speaker"
    speakers: str = "Speakers"
    join_online: str = "Join online"
    details: str = "Details"
    join_the_talk: str = "Join the talk online"  #: the CONFERENCE link's LABEL
    to_be_confirmed: str = Status.TENTATIVE.label
    cancelled: str = Status.CANCELLED.label
    postponed: str = Status.POSTPONED.label
    to_be_announced: str = TO_BE_ANNOUNCED
    slides: str = "Slides"
    video: str = "Video"

    def status(self, status: Status) -> str:
        """'Cancelled', 'Postponed', 'To be confirmed' in the language; "" for a confirmed talk."""
        return {
            Status.TENTATIVE: self.to_be_confirmed,
            Status.CANCELLED: self.cancelled,
            Status.POSTPONED: self.postponed,
        }.get(status, "")

    def link(self, link: Link) -> str:
        """A slides or video link's label in the language; a free label as written."""
        return {"slides": self.slides, "video": self.video}.get(link.kind, link.label)

    def shown(self, text: str) -> str:
        """*text*, or 'To be announced' in the language when that is what it says."""
        return self.to_be_announced if text == TO_BE_ANNOUNCED else text


ENGLISH = CalendarLabels()
