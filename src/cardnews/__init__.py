"""cardnews: a week's case summaries in, a finished Korean card-news series out."""

__version__ = "0.1.0"
