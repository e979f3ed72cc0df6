"""The few error types the CLI turns into messages and exit codes."""


class CardnewsError(Exception):
    """Anything a user can fix; the CLI prints it without a traceback."""

    exit_code = 2


class InputError(CardnewsError):
    """The case file or summary text is wrong; the message says where."""


class LayoutError(CardnewsError):
    """A layout file is wrong, or the text cannot be laid out."""


class RenderError(CardnewsError):
    """The text holds something no bundled font can draw."""


class OutputError(CardnewsError):
    """The output folder cannot be written."""
