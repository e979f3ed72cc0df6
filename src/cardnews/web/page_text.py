"""The words the pages' scripts show, as English msgids: each page carries them translated, as JSON
(`<script type="application/json" id="page-text">`), so the scripts hold no language of their own.

A script asks `t("key", {n: 3})`: `{name}` placeholders are filled in, and a message with a plural gives its
`one` form for 1 and its `other` form otherwise (Korean has a single form).
"""

from __future__ import annotations

from cardnews.i18n import N_, NP_, _, ngettext

Message = str | tuple[str, str]

SIZE_NAMES = {"portrait": N_("Portrait"), "square": N_("Square"), "story": N_("Story"), "landscape": N_("Landscape")}
ROLE_NAMES = {"admin": N_("Admin"), "editor": N_("Editor"), "viewer": N_("Viewer")}
CHANNEL_NAMES = {
    "instagram": N_("Instagram"), "x": N_("X"), "kakao": N_("KakaoTalk channel"), "facebook": N_("Facebook"), "naver": N_("Naver Blog"),
}

# app.js, the card maker page
CARD_MAKER: dict[str, Message] = {
    "size_portrait": SIZE_NAMES["portrait"],
    "size_square": SIZE_NAMES["square"],
    "size_story": SIZE_NAMES["story"],
    "size_landscape": SIZE_NAMES["landscape"],
    "use_portrait": N_("Instagram feed"),
    "use_square": N_("Facebook · KakaoTalk channel"),
    "use_story": N_("Instagram · Facebook stories"),
    "use_landscape": N_("X · Naver Blog"),
    "too_large": N_("The summary is too long: it is more than one request can carry."),
    "busy": N_("The server is busy making other cards. Try again in a moment."),
    "server_error": N_("Server error ({status})"),
    "redrawing": N_("Redrawing…"),
    "making": N_("Making the cards…"),
    "preview_failed": N_("Could not make the preview"),
    "no_server_serve": N_("Cannot reach the server. Check that cardnews serve is running."),
    "no_server": N_("Cannot reach the server."),
    "text_kept": N_("The text in the editor was left as it was."),
    "read_as_release": N_("Read as a press release"),
    "errors": NP_("{n} error: fix it and the cards are drawn again", "{n} errors: fix them and the cards are drawn again"),
    "cards": NP_("{n} card", "{n} cards"),
    "sizes": NP_("{n} size", "{n} sizes"),
    "to_check": NP_("{n} thing to check", "{n} things to check"),
    "no_problems": N_("No problems"),
    "download": N_("Download"),
    "copy_alt": N_("Copy alt text"),
    "card_n": N_("Card {n}"),
    "zoom_card": N_("Show card {n} large"),
    "thumb_select": N_("{card}: select this case's lines in the summary"),
    "thumb_large": N_("{card}: show large"),
    "line_n": N_("Line {n}"),
    "level_error": N_("Error"),
    "level_warning": N_("Warning"),
    "empty": N_("Paste a summary and the cards appear here."),
    "replace_question": N_("{what} will replace the text now in the editor. Even after replacing, Undo (Ctrl+Z) brings the current text back."),
    "what_file": N_("The text of the file {name}"),
    "what_example": N_("The example summary"),
    "opened_file": N_("Opened the file {name}."),
    "put_example": N_("Put in the example summary."),
    "making_zip": N_("Making the ZIP…"),
    "downloading": N_("Downloading…"),
    "add_photo": N_("Add photo"),
    "uploading_photo": N_("Uploading the photo…"),
    "photo_failed": N_("Could not add the photo"),
    "photo_too_large": N_("The photo file is too large."),
    "copied": N_("Copied ✓"),
    "not_copied": N_("Could not copy"),
}

# workspace.js, the team workspace's pages
WORKSPACE: dict[str, Message] = {
    "kind_start": N_("Started"),
    "kind_auto": N_("Autosave"),
    "kind_named": N_("Named version"),
    "kind_restore": N_("Restored"),
    "role_admin": ROLE_NAMES["admin"],
    "role_editor": ROLE_NAMES["editor"],
    "role_viewer": ROLE_NAMES["viewer"],
    "taken_over": N_("Not saved: {name} took over editing. What you wrote is still on this screen (not merged)."),
    "saved_since": N_("Not saved: someone else saved in the meantime (r{head}). Nothing was merged: copy your text, then reload the page."),
    "error_status": N_("Error ({status})"),
    "too_many_sign_ins": N_("Too many failed sign-ins. Try again in 15 minutes."),
    "wrong_password": N_("Wrong user name or password."),
    "nothing_found": N_("No series contains \"{query}\"."),
    "no_series": N_("No series yet."),
    "editing": N_("{name} is editing"),
    "week": N_("{year}, week {number} (week of {month}/{day})"),
    "logo_of": N_("{name} logo"),
    "no_logo": N_("No logo"),
    "role_of": N_("{name}'s role"),
    "remove": N_("Remove"),
    "remove_question": N_("Remove {name} from the team? They are signed out at once and cannot sign in again."),
    "team_layout": N_("{label} (team)"),
    "holder": N_("{name} is editing. It is read-only for you now. If you take over, {name}'s next save is refused and stays on their screen."),
    "compare": N_("Compare"),
    "restore": N_("Restore"),
    "same_versions": N_("The two versions are the same."),
    "saving": N_("Saving…"),
    "saved": N_("Saved · r{number} · {when}"),
    "not_saved": N_("Not saved: {message}"),
    "drawing": N_("Drawing the cards…"),
    "cards": CARD_MAKER["cards"],
    "notices": NP_("{n} notice", "{n} notices"),
    "cannot_build": N_("There is something to fix, so no cards can be made."),
    "not_restored": N_("Could not restore: {message}"),
    "restored": N_("Restored r{number} · r{new}"),
    "typing": N_("Typing…"),
    "took_over": N_("You took over editing"),
    "renamed": N_("Title changed"),
    "delete_question": N_("Delete this series with all its versions and download records? This cannot be undone."),
    "nobody_editing": N_("Nobody is editing now. Take over to edit."),
}


def page_text(table: dict[str, Message]) -> dict[str, str | dict[str, str]]:
    """`table` in the current language, ready to go into a page as JSON."""
    return {key: _(value) if isinstance(value, str) else {"one": ngettext(*value, 1), "other": ngettext(*value, 2)}
            for key, value in table.items()}
