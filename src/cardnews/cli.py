"""The command line: wires the stages together, prints results, turns errors into exit codes."""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import threading
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from cardnews import __version__
from cardnews.errors import CardnewsError
from cardnews.i18n import LANGUAGES, N_, _, ngettext, set_language

EXIT_OK, EXIT_WARNINGS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 70

# argparse's own words ("usage:", "the following arguments are required: …") come from our catalogue too:
# it looks its `_` up at each message, and Python ships no Korean for it.
ARGPARSE_WORDS = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("show program's version number and exit"), N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"), N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"), N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
)
setattr(argparse, "_", _)  # argparse reads its module-level `_` at each message


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cardnews",
        description=_("Turn a week's case summaries into a finished Korean card-news series."),
    )
    parser.add_argument("--version", action="version", version=f"cardnews {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help=_("build the cards and zip from a case file (.yaml or .txt)"))
    build.add_argument("file", type=Path, help=_("case file: YAML (.yaml/.yml) or summary text (.txt)"))
    _add_build_options(build)

    sample = commands.add_parser("sample", help=_("build the bundled sample series (the reference week), from any folder"))
    _add_build_options(sample)

    check = commands.add_parser("check", help=_("report every problem with a case file, without writing anything"))
    check.add_argument("file", type=Path, help=_("case file: YAML (.yaml/.yml) or summary text (.txt)"))
    check.add_argument("--brand", type=Path, help=_("brand kit file (default: brand.yaml beside the case file, if any)"))
    check.add_argument("--channel", help=_("channel(s) the series is for, as for build: warns when it is longer than one post"))
    _add_series_options(check)
    _add_output_options(check, _("print the result as JSON on stdout: status, exit code, notices with file and line"))

    schema = commands.add_parser("schema", help=_("print the JSON Schema of the YAML case file (or of a layout file), for editors"))
    schema.add_argument("--layout", action="store_true", help=_("the schema of a layout file instead"))
    schema.add_argument("--debug", action="store_true", help=_("show a traceback on errors"))

    convert = commands.add_parser(
        "convert", help=_("write a case file in the other format: a press release or summary text as YAML or summary text")
    )
    convert.add_argument("file", type=Path, help=_("press release or summary text (.txt), or YAML case file"))
    convert.add_argument("-o", "--output", type=Path, help=_("write here instead of printing (.txt: summary text, .yaml: YAML)"))
    convert.add_argument(
        "--to", choices=["summary", "yaml"],
        help=_("what to write (default: by the -o file's extension; else summary text from a press release, YAML from the rest)"),
    )
    _add_series_options(convert)

    layouts = commands.add_parser("layouts", help=_("list the layouts (themes) and sizes; --preview renders a sheet per theme"))
    layouts.add_argument("--preview", action="store_true", help=_("render the reference series in every layout, one contact sheet each"))
    layouts.add_argument("--size", default="portrait", help=_("size(s) for the preview sheets: portrait (default), several, or all"))
    layouts.add_argument("--out", type=Path, default=Path("out") / "layouts", help=_("folder for the sheets (default: out/layouts)"))
    layouts.add_argument("--debug", action="store_true", help=_("show a traceback on errors"))

    preview = commands.add_parser("preview", help=_("write one contact sheet of the whole series, numbered in reading order"))
    preview.add_argument("file", type=Path, help=_("case file: YAML (.yaml/.yml) or summary text (.txt)"))
    preview.add_argument("--out", type=Path, default=Path("out"), help=_("output folder (default: out)"))
    preview.add_argument("--brand", type=Path, help=_("brand kit file (default: brand.yaml beside the case file, if any)"))
    _add_series_options(preview)

    new = commands.add_parser("new", help=_("start next week's case file from the last one's settings (brand, theme, sizes)"))
    new.add_argument("name", help=_("the new series' title, e.g. '2024 하반기 적극행정 우수사례'"))
    new.add_argument("--from", dest="previous", type=Path, help=_("case file to take settings from (default: the newest in the folder)"))
    new.add_argument("--dir", type=Path, default=Path("cases"), help=_("folder to write into (default: cases)"))
    new.add_argument("--txt", action="store_true", help=_("write a summary text (.txt) instead of YAML"))
    new.add_argument("--debug", action="store_true", help=_("show a traceback on errors"))

    serve = commands.add_parser("serve", help=_("start the web app: paste a summary in a browser, see the cards, download the zip"))
    serve.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default: 127.0.0.1, this computer only; 0.0.0.0: the office network)"))
    serve.add_argument("--port", type=_port, default=8000, help=_("port (default: 8000)"))
    serve.add_argument("--brand", type=Path, help=_("brand kit for every build (logo, colours, handle)"))
    serve.add_argument("--jobs", type=_jobs, help=_("builds at once (default: one per core); more requests wait in line"))
    _add_store_options(serve)
    serve.add_argument("--debug", action="store_true", help=_("show a traceback on errors"))

    users = commands.add_parser("users", help=_("the workspace's accounts: add a user (the first admin), list them, set a password"))
    actions = users.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=_("add a user; the password is asked for (or read from standard input)"))
    add.add_argument("name", help=_("user name to sign in with, e.g. kim.minji"))
    add.add_argument("--role", choices=["admin", "editor", "viewer"], required=True, help=_("admin: users, kits, layouts; editor: writes series; viewer: sees and downloads"))
    add.add_argument("--team", default="default", help=_("the user's team (made when new; default: default). Teams see only their own series and kits"))
    add.add_argument("--password-stdin", action="store_true", help=_("read the password from the first line of standard input instead of asking"))
    passwd = actions.add_parser("passwd", help=_("set a user's password (signs them out everywhere)"))
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help=_("read the password from standard input instead of asking"))
    listing = actions.add_parser("list", help=_("list the users, with team and role"))
    for sub in (add, passwd, listing):
        _add_store_options(sub)
        sub.add_argument("--debug", action="store_true", help=_("show a traceback on errors"))

    teams = commands.add_parser("teams", help=_("the workspace's teams: add one (then its first admin with users add --team), list them"))
    team_actions = teams.add_subparsers(dest="action", metavar="ACTION", required=True)
    team_add = team_actions.add_parser("add", help=_("add an empty team"))
    team_add.add_argument("name", help=_("the team's name, e.g. gangnam-pr"))
    team_list = team_actions.add_parser("list", help=_("list the teams, with how many users each has"))
    for sub in (team_add, team_list):
        _add_store_options(sub)
        sub.add_argument("--debug", action="store_true", help=_("show a traceback on errors"))
    _add_lang(parser)
    return parser


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    """What `build` and `sample` take besides the case file."""
    parser.add_argument("--out", type=Path, default=Path("out"), help=_("output folder (default: out)"))
    parser.add_argument("--brand", type=Path, help=_("brand kit file (default: brand.yaml beside the case file, if any)"))
    parser.add_argument("--strict", action="store_true", help=_("treat warnings as errors: stop, write nothing, exit 2"))
    parser.add_argument(
        "--channel",
        help=_("channel(s) to package for, one folder each: instagram, x, kakao, facebook, naver; several as instagram,x; or all (default: Instagram, from the cards at the top of the bundle)"),
    )
    parser.add_argument("--format", choices=["png", "jpg"], default="png", help=_("image format: png (default) or jpg; both sRGB-tagged"))
    parser.add_argument("--quality", type=_quality, default=92, help=_("JPEG quality 1–95 (default: 92); the PDF holds the cards as encoded"))
    parser.add_argument("--link", type=_link, default="", help=_("a link for the post text, e.g. the full story on the office's site"))
    parser.add_argument(
        "--jobs", type=_jobs, help=_("processes that draw and encode cards (default: one per core; a short series uses one); same output for any number")
    )
    _add_series_options(parser)
    _add_output_options(parser, _("print the result as JSON on stdout: files written, notices with file and line, timings"))


def _add_output_options(parser: argparse.ArgumentParser, json_help: str) -> None:
    group = parser.add_argument_group(_("output"))
    loudness = group.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help=_("print only warnings and errors"))
    loudness.add_argument("-v", "--verbose", action="store_true", help=_("also print every file written and the time each stage took"))
    group.add_argument("--json", action="store_true", help=json_help)


def _add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=Path("cardnews-data"), help=_("the workspace's data folder (default: ./cardnews-data)"))
    parser.add_argument("--database-url", help=_("use this PostgreSQL database instead of SQLite in the data folder: postgresql://USER:PASSWORD@HOST/DB"))


def _add_series_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(_("series settings (override the file)"))
    group.add_argument("--layout", help=_("layout name or path to a layout .yaml (default: civic)"))
    group.add_argument("--size", help=_("size preset(s): portrait (default), square, story, landscape; several as portrait,story; or all"))
    group.add_argument(
        "--compact", choices=["auto", "on", "off"],
        help=_("brief cases several to a card: on, off (default), or auto (when most cases are a headline alone or one short item)"),
    )
    group.add_argument("--organisation", help=_("the office's name, e.g. 강남구"))
    group.add_argument("--handle", help=_("channel handle for the closing card, e.g. @gangnam_gu"))
    group.add_argument("--period", help=_("period shown on the cover, e.g. 2024 상반기"))
    group.add_argument(
        "--from", dest="source", choices=["summary", "release"],
        help=_("read a text file as a summary or a press release (default: a press release when it has □ headings, no .zip line and no ✅ line)"),
    )
    parser.add_argument("--debug", action="store_true", help=_("show a traceback on errors"))


def _overrides(args: argparse.Namespace) -> dict[str, str]:
    found = {key: getattr(args, key) for key in ("layout", "size", "compact", "organisation", "handle", "period") if getattr(args, key, None)}
    if getattr(args, "source", None):
        found["from"] = args.source
    return found


def _whole(value: str, least: int, most: int, what: str) -> int:
    """A whole number typed in ASCII digits within [least, most]; argparse shows the message as is."""
    if not (value.isascii() and value.isdigit()) or not least <= int(value) <= most:
        span = _("from {least} to {most:,}").format(least=least, most=most) if most < 10**9 else _("from {least}").format(least=least)
        raise argparse.ArgumentTypeError(_("{value!r} is not {what}; give a whole number {span}").format(value=value, what=_(what), span=span))
    return int(value)


def _jobs(value: str) -> int:
    return _whole(value, 1, 10**9, N_("a number of processes"))


def _quality(value: str) -> int:
    return _whole(value, 1, 95, N_("a JPEG quality"))


def _link(value: str) -> str:
    from cardnews.bundle.caption import check_link

    try:
        return check_link(value)
    except CardnewsError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--link: ")) from None


def _port(value: str) -> int:
    return _whole(value, 1, 65535, N_("a port number"))


def run() -> None:
    """The `cardnews` command: `main`, then exit at once. Tearing down a process that holds fonts and
    caches takes 30–40 ms, and once the output is flushed there is nothing left to clean up."""
    code = main()
    if threading.active_count() > 1:  # a thread still at work is waited for, as usual
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`, a service manager stopping it): the command stops as on Ctrl-C."""


def _terminate(signum, frame) -> None:
    raise Terminated


_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class _Visible:
    """A text stream that shows control characters, bidi overrides and lone surrogates as escapes
    (\\x1b, \\u202e): text from a case file can never drive the terminal or stop the output."""

    def __init__(self, raw):
        self.raw = raw

    def write(self, text: str) -> int:
        return self.raw.write(_HIDDEN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text))

    def __getattr__(self, name):
        return getattr(self.raw, name)


def main(argv: list[str] | None = None) -> int:
    """The command, with SIGTERM handled as Ctrl-C and everything printed made safe to show; its --lang
    holds until it returns (a caller in the same process goes on in its own language)."""
    language = set_language(_lang_asked(sys.argv[1:] if argv is None else argv))  # before the parser: its help is translated
    previous = signal.signal(signal.SIGTERM, _terminate) if threading.current_thread() is threading.main_thread() else None
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Visible(sys.stdout), _Visible(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = streams
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        language.var.reset(language)


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        handlers = {"build": _build, "sample": _sample, "check": _check, "schema": _schema, "convert": _convert, "layouts": _layouts, "preview": _preview, "new": _new, "serve": _serve, "users": _users, "teams": _teams}
        return handlers[args.command](args)
    except CardnewsError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"cardnews: {exc}" if "\n" not in str(exc) else str(exc), file=sys.stderr)
        if getattr(args, "json", False):
            _print_json(_error_json(args, exc))
        return exc.exit_code
    except Terminated:
        print(_("cardnews: stopped (SIGTERM); earlier output is unchanged."), file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print(_("cardnews: interrupted; earlier output is unchanged."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`cardnews layouts | head`): not an error, and nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as bug:
        if args.debug:
            traceback.print_exc()
        else:
            print(
                _("cardnews: internal error ({__name__}: {bug}). This is a bug in cardnews: please report it with the command you ran, the input file and the output of the same command with --debug.").format(__name__=type(bug).__name__, bug=bug),
                file=sys.stderr,
            )
        return EXIT_BUG


def _load(args: argparse.Namespace):
    """The case file named on the command line, loaded with the options given."""
    from cardnews.input.load import load_case

    loaded = load_case(args.file, _overrides(args), getattr(args, "brand", None))
    channel = getattr(args, "channel", None)
    if channel:
        from cardnews.bundle.channels import parse_channels

        loaded = loaded.with_settings(channels=tuple(c.name for c in parse_channels(channel)))
    return loaded


def _lang_asked(argv: list[str]) -> str | None:
    """The value of --lang anywhere on the command line (None: CARDNEWS_LANG, else Korean)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _add_lang(parser: argparse.ArgumentParser) -> None:
    """--lang on the command and every subcommand, so it may come anywhere."""
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
        help=_("language of messages and help: ko (default) or en; also CARDNEWS_LANG=en"),
    )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _add_lang(sub)


def _build(args: argparse.Namespace) -> int:
    return _build_file(args, args.file)


def _sample(args: argparse.Namespace) -> int:
    from cardnews.resources import sample_case

    args.file = sample_case()
    return _build_file(args, args.file)


def _build_file(args: argparse.Namespace, file: Path) -> int:
    import time

    from cardnews.build import build_into
    from cardnews.bundle.package import StagedOutput
    from cardnews.layout.fonts import FontBook

    started = time.perf_counter()
    progress = _Progress(getattr(sys.stderr, "raw", sys.stderr)) if sys.stderr.isatty() and not (args.quiet or args.json) else None
    if progress:
        progress.say(_("reading and laying out {file}").format(file=file))
    with StagedOutput(args.out) as staged:  # each card written as it is encoded; swapped in whole at the end
        try:
            loaded = _load(args).with_settings(image_format=args.format, quality=args.quality, link=args.link)
            bundle = build_into(staged, loaded, FontBook(), strict=args.strict, jobs=args.jobs, progress=progress)
        finally:
            if progress:
                progress.clear()
        packaged = time.perf_counter()
        folder, zip_path = staged.commit(bundle.folder, bundle.zip_name, bundle.files)
    done = time.perf_counter()
    timings = {**bundle.timings, "write": done - packaged}
    for notice in bundle.notices:
        print(notice, file=sys.stderr)
    if args.json:
        _print_json(_built_json(file, bundle, folder, zip_path, timings, done - started))
        return EXIT_OK
    if args.quiet:
        return EXIT_OK
    from cardnews.layout.sizes import size_title

    layouts = bundle.planned.layouts
    for size, cards in layouts.items():
        print(_("{0} cards, {size} {width}×{height}, in {folder}/").format(len(cards), size=size_title(size), width=cards[0].width, height=cards[0].height, folder=folder))
        for card in cards:
            print(_("  {filename}").format(filename=card.filename))
    if args.verbose:
        shown = {card.filename if len(layouts) == 1 else f"{size}/{card.filename}" for size, size_cards in layouts.items() for card in size_cards}
        print(_("with them in {folder}/:").format(folder=folder))
        for name, _ignored in bundle.files:
            if name not in shown:
                print(_("  {name}").format(name=name))
    print(_("zip: {zip_path}").format(zip_path=zip_path))
    if args.verbose:
        print("times: " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in timings.items()))
    print(_("done in {0:.2f} s").format(done - started))
    return EXIT_OK


class _Progress:
    """Cards drawn out of the total, on one line of a terminal's stderr that is cleared when the build ends."""

    def __init__(self, stream):
        self.stream = stream
        self.shown = False

    def say(self, text: str) -> None:
        self.stream.write(_("\r\u001b[Kcardnews: {text}…").format(text=text))
        self.stream.flush()
        self.shown = True

    def __call__(self, done: int, total: int) -> None:
        self.say(_("drawing cards {done}/{total}").format(done=done, total=total))

    def clear(self) -> None:
        if self.shown:
            self.stream.write(_("\r\u001b[K"))
            self.stream.flush()
            self.shown = False


def _notice_json(notice) -> dict:
    return {"level": notice.level, "message": notice.message, "file": notice.file, "line": notice.line, "text": str(notice)}


def _built_json(file: Path, bundle, folder: Path, zip_path: Path, timings: dict[str, float], seconds: float) -> dict:
    return {
        "status": "warnings" if bundle.notices else "ok",
        "exit_code": EXIT_OK,
        "file": str(file),
        "folder": str(folder),
        "zip": str(zip_path),
        "files": [str(folder / name) for name, _ignored in bundle.files],
        "cards": {size: [card.filename for card in cards] for size, cards in bundle.planned.layouts.items()},
        "notices": [_notice_json(n) for n in bundle.notices],
        "timings": {**{stage: round(value, 3) for stage, value in timings.items()}, "total": round(seconds, 3)},
    }


def _error_json(args: argparse.Namespace, exc: CardnewsError) -> dict:
    """What stopped the command, as JSON: the notices it came from when it has them, else its message."""
    from cardnews.model import Notice

    notices = getattr(exc, "notices", ()) or [Notice("error", str(exc))]
    return {
        "status": "errors",
        "exit_code": exc.exit_code,
        "file": str(args.file) if getattr(args, "file", None) else None,
        "message": str(exc),
        "notices": [_notice_json(n) for n in notices],
    }


def _print_json(result: dict) -> None:
    import json

    print(json.dumps(result, ensure_ascii=False, indent=2))


def _check(args: argparse.Namespace) -> int:
    """Exit 0 when clean, 1 with warnings only, 2 with errors (as `build` would stop on)."""
    from cardnews.build import inspect
    from cardnews.layout.fonts import FontBook

    planned = inspect(_load(args), FontBook())
    errors = [n for n in planned.notices if n.level == "error"]
    warnings = [n for n in planned.notices if n.level != "error"]
    notices = sorted(planned.notices, key=lambda n: (n.file != str(args.file), n.line is None, n.line or 0))
    code = EXIT_USAGE if errors else EXIT_WARNINGS if warnings else EXIT_OK
    if args.json:
        _print_json({
            "status": "errors" if errors else "warnings" if warnings else "ok",
            "exit_code": code,
            "file": str(args.file),
            "errors": len(errors),
            "warnings": len(warnings),
            "cards": {size: len(cards) for size, cards in planned.layouts.items()},
            "notices": [_notice_json(n) for n in notices],
        })
        return code
    for notice in notices:
        print(notice)
    if args.quiet:
        return code
    if errors:
        print(_("{file}: {0}, {1}; build would stop.").format(_count(len(errors), 'error'), _count(len(warnings), 'warning'), file=args.file))
        return code
    from cardnews.layout.sizes import size_title

    cards = ", ".join(_("{count} cards {size}").format(count=len(cards), size=size_title(size)) for size, cards in planned.layouts.items())
    if warnings:
        print(_("{file}: {0}; build would go on ({cards}).").format(_count(len(warnings), 'warning'), file=args.file, cards=cards))
        return code
    print(_("{file}: no problems ({cards}).").format(file=args.file, cards=cards))
    return code


def _count(number: int, noun: str) -> str:
    if noun == "error":
        return ngettext("{n} error", "{n} errors", number).format(n=number)
    return ngettext("{n} warning", "{n} warnings", number).format(n=number)


def _schema(args: argparse.Namespace) -> int:
    if args.layout:
        from cardnews.layout.theme import layout_schema_json

        sys.stdout.write(layout_schema_json())
        return EXIT_OK
    from cardnews.input.schema import schema_json

    sys.stdout.write(schema_json())
    return EXIT_OK


def _convert(args: argparse.Namespace) -> int:
    """A press release becomes a summary text to edit, with what to shorten; anything else YAML, as asked."""
    from dataclasses import replace

    from cardnews.convert import brand_block, series_to_summary, series_to_yaml
    from cardnews.input.load import load_case, raise_errors

    loaded = load_case(args.file, _overrides(args), brand=False)
    raise_errors(loaded.notices)
    release = loaded.kind == "release"
    if release:
        loaded = replace(loaded, series=_fitted(loaded))
    target = args.to or _format_of(args.output) or ("summary" if release else "yaml")
    for notice in sorted(loaded.notices, key=lambda n: (n.line is None, n.line or 0)):
        print(notice, file=sys.stderr)
    text = series_to_summary(loaded) if target == "summary" else series_to_yaml(loaded, brand_block(loaded, (args.output or Path("-")).parent))
    if args.output:
        from cardnews.bundle.package import write_file

        if args.output.resolve() == args.file.resolve():
            raise CardnewsError(_("{output}: is the file being converted; give the YAML another name with -o.").format(output=args.output))
        write_file(args.output, text.encode("utf-8"), "-o")
        print(_("wrote {output}").format(output=args.output))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _format_of(path: Path | None) -> str:
    suffix = path.suffix.lower() if path else ""
    return {".txt": "summary", ".yaml": "yaml", ".yml": "yaml"}.get(suffix, "")


def _fitted(loaded):
    """A release's headings split where the layout's headline fits, and what it still cannot fit comfortably
    (added to its notices), at the series' first size: the same as `build` reads it."""
    from cardnews.checks import fits_comfortably, long_text_problems
    from cardnews.input.release import fit_headlines
    from cardnews.layout.fonts import FontBook
    from cardnews.layout.sizes import parse_sizes
    from cardnews.layout.theme import find_layout, load_theme

    theme = load_theme(find_layout(loaded.settings.layout, base=loaded.base))
    fits = fits_comfortably(loaded.series, theme, FontBook(), parse_sizes(loaded.settings.size)[0])
    series = fit_headlines(loaded.series, fits, loaded.source, loaded.notices)
    loaded.notices.extend(long_text_problems(series, fits, loaded.source))
    return series


def _layouts(args: argparse.Namespace) -> int:
    from cardnews.layout.sizes import SIZES, parse_sizes
    from cardnews.layout.theme import list_layouts, load_theme

    found = list_layouts()
    themes = {name: load_theme(path) for name, path in found.items()}
    for name, theme in themes.items():
        print(_("{name:10} {label} — {description}").format(name=name, label=theme.label, description=theme.description))
        print(_("{0:10} {source}").format('', source=theme.source))
    print(_("\nsizes (every layout has them all):"))
    for preset in SIZES.values():
        print(_("  {name:10} {label:10} {use}").format(name=preset.name, label=preset.label, use=preset.use))
    if not args.preview:
        return EXIT_OK
    from cardnews.build import plan
    from cardnews.input.load import load_case
    from cardnews.layout.fonts import FontBook
    from cardnews.render.preview import series_sheets
    from cardnews.resources import sample_case

    from cardnews.bundle.package import make_folder, write_file

    fonts = FontBook()
    make_folder(args.out, "--out")
    sample = load_case(sample_case(), {"size": ",".join(parse_sizes(args.size))})
    print()
    for name in themes:
        planned = plan(sample.with_settings(layout=str(found[name])), fonts)
        for size, sheet in series_sheets(planned, fonts).items():
            target = write_file(args.out / f"{name}-{size}.png", _png(sheet), "--out")
            print(_("wrote {target}").format(target=target))
    return EXIT_OK


def _preview(args: argparse.Namespace) -> int:
    from cardnews.build import plan
    from cardnews.layout.fonts import FontBook
    from cardnews.bundle.names import slug
    from cardnews.render.preview import series_sheets

    fonts = FontBook()
    planned = plan(_load(args), fonts)
    for notice in planned.notices:
        print(notice, file=sys.stderr)
    from cardnews.bundle.package import make_folder, write_file

    make_folder(args.out, "--out")
    for size, sheet in series_sheets(planned, fonts).items():
        suffix = f"-{size}" if len(planned.layouts) > 1 else ""
        target = write_file(args.out / f"{slug(planned.series.bundle)}{suffix}-preview.png", _png(sheet), "--out")
        print(_("wrote {target}").format(target=target))
    return EXIT_OK


def _png(image) -> bytes:
    import io

    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _new(args: argparse.Namespace) -> int:
    from cardnews.starter import latest_case_file, write_starter

    previous = args.previous or latest_case_file(args.dir) if args.dir.is_dir() or args.previous else None
    target = write_starter(args.name, args.dir, previous, args.txt)
    print(f"wrote {target}" + (f" (settings from {previous})" if previous else ""))
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    try:
        from cardnews.web.server import serve
    except ImportError as exc:
        raise CardnewsError(
            _("the web app needs packages that are not installed ({name}). Install them with: pip install -e '.[web]' (in a source checkout) or pip install 'cardnews[web]'").format(name=exc.name)
        ) from None
    try:
        serve(args.host, args.port, args.brand, args.jobs, args.data, args.database_url)
    except KeyboardInterrupt:
        pass
    print(_("cardnews: server stopped."))
    return EXIT_OK


@contextmanager
def _account_store(args: argparse.Namespace, missing: str) -> Iterator:
    """A session of the workspace's database named by --data/--database-url, closed after; `missing` says
    which packages to install when the web extra is not there."""
    try:
        from cardnews.store.database import open_store
    except ImportError as exc:
        raise CardnewsError(missing.format(name=exc.name)) from None
    store = open_store(args.data, args.database_url)
    try:
        with store.session() as db:
            yield db
    finally:
        store.close()


def _users(args: argparse.Namespace) -> int:
    with _account_store(args, _("accounts need packages that are not installed ({name}). Install them with: pip install -e '.[web]'")) as db:
        from sqlalchemy import select

        from cardnews.store import accounts
        from cardnews.store.models import Team, User

        if args.action == "list":
            for user, team in db.execute(select(User, Team).join(Team, Team.id == User.team_id).order_by(Team.name, User.name)):
                print(f"{user.name:20} {user.role:7} {team.name}" + ("" if user.active else _("  (removed)")))
            return EXIT_OK
        if args.action == "add":
            password = _new_password(args.password_stdin, args.name)
            accounts.add_user(db, args.name, args.role, password, args.team)
            print(_("added {name} ({role}) to team {team}").format(name=args.name, role=args.role, team=args.team))
            return EXIT_OK
        found = db.scalar(select(User).where(User.name == args.name))
        if found is None:
            raise CardnewsError(_("no user {name!r}; see cardnews users list").format(name=args.name))
        accounts.set_password(db, found, _new_password(args.password_stdin, args.name))
        accounts.audit(db, None, "user.password", found.name, "command line", team_id=found.team_id)
        print(_("password set for {name}; their sessions are signed out").format(name=args.name))
        return EXIT_OK


def _teams(args: argparse.Namespace) -> int:
    with _account_store(args, _("teams need packages that are not installed ({name}). Install them with: pip install -e '.[web]'")) as db:
        from sqlalchemy import func, select

        from cardnews.store import accounts
        from cardnews.store.models import Team, User

        if args.action == "add":
            team = accounts.add_team(db, args.name)
            print(_("added team {name}; add its first admin with: cardnews users add NAME --role admin --team {name}").format(name=team.name))
            return EXIT_OK
        counts = select(User.team_id, func.count().label("n")).where(User.active.is_(True)).group_by(User.team_id).subquery()
        for team, count in db.execute(select(Team, counts.c.n).outerjoin(counts, counts.c.team_id == Team.id).order_by(Team.name)):
            print(_("{name:30} {0} user(s)").format(count or 0, name=team.name))
        return EXIT_OK


def _new_password(from_stdin: bool, name: str) -> str:
    """The password from standard input's first line, or asked for twice without echo."""
    from cardnews.errors import InputError

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        password = getpass.getpass(f"password for {name}: ")
        if getpass.getpass("again: ") != password:
            raise InputError(_("the two passwords differ; nothing was changed"))
    if not password:
        raise InputError(_("no password given; nothing was changed"))
    return password
