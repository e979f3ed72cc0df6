"""Layout, pure: the typed series and a layout file become measured cards; nothing is drawn here."""
