"""The few error types the CLI turns into messages and exit codes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # the CLI loads this module before anything else: it imports nothing at run time
    from cardnews.model import Notice


class CardnewsError(Exception):
    """Anything a user can fix; the CLI prints it without a traceback.

    `notices` are the problems the message tells of, as values, for a caller that shows them otherwise
    (the web app, `cardnews build --json`); empty when the message is all there is.
    """

    exit_code = 2

    def __init__(self, message: str, notices: Sequence[Notice] = ()):
        super().__init__(message)
        self.notices = tuple(notices)

    @classmethod
    def at(cls, file: str, line: int | None, message: str) -> CardnewsError:
        """An error about one place in a file: the message names the place, the notice holds it."""
        from cardnews.model import Notice

        return cls(f"{file}:{line}: {message}" if line else f"{file}: {message}", notices=[Notice("error", message, file, line)])


class InputError(CardnewsError):
    """The case file or summary text is wrong; the message says where."""


class LayoutError(CardnewsError):
    """A layout file is wrong, or the text cannot be laid out."""


class RenderError(CardnewsError):
    """The text holds something no bundled font can draw."""


class OutputError(CardnewsError):
    """The output folder cannot be written."""


class WorkLimitError(CardnewsError):
    """One request needs more work than a long-running server gives it (CPU time, cards)."""
