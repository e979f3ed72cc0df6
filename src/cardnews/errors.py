"""The few error types the CLI turns into messages and exit codes."""


class CardnewsError(Exception):
    """Anything a user can fix; the CLI prints it without a traceback."""

    exit_code = 2


class InputError(CardnewsError):
    """The case file or summary text is wrong; the message says where. `notices` are the errors it was made
    from, when it was made from notices (`cardnews build --json` lists them with their file and line)."""

    def __init__(self, message: str, notices: tuple = ()):
        super().__init__(message)
        self.notices = tuple(notices)


class LayoutError(CardnewsError):
    """A layout file is wrong, or the text cannot be laid out."""


class RenderError(CardnewsError):
    """The text holds something no bundled font can draw."""


class OutputError(CardnewsError):
    """The output folder cannot be written."""
