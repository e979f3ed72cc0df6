"""The web app (`cardnews serve`): paste a summary, see every card, fix it, download the zip.

Needs the `web` extra: `pip install 'cardnews[web]'`.
"""
