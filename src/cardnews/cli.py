"""The command line: wires the stages together, prints results, turns errors into exit codes."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from cardnews import __version__
from cardnews.errors import CardnewsError

EXIT_OK, EXIT_USAGE, EXIT_BUG = 0, 2, 70


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cardnews",
        description="Turn a week's case summaries into a finished Korean card-news series.",
    )
    parser.add_argument("--version", action="version", version=f"cardnews {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the cards and zip from a case file (.yaml or .txt)")
    build.add_argument("file", type=Path, help="case file: YAML (.yaml/.yml) or summary text (.txt)")
    build.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out)")
    build.add_argument("--brand", type=Path, help="brand kit file (default: brand.yaml beside the case file, if any)")
    _add_series_options(build)

    convert = commands.add_parser("convert", help="write the YAML case file equivalent to a summary text")
    convert.add_argument("file", type=Path, help="summary text (.txt) or YAML case file")
    convert.add_argument("-o", "--output", type=Path, help="write here instead of printing")
    _add_series_options(convert)
    return parser


def _add_series_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("series settings (override the file)")
    group.add_argument("--layout", help="layout name or path to a layout .yaml (default: civic)")
    group.add_argument("--size", help="size preset(s): portrait (default), square, story, landscape; several as portrait,story; or all")
    group.add_argument("--organisation", help="the office's name, e.g. 강남구")
    group.add_argument("--handle", help="channel handle for the closing card, e.g. @gangnam_gu")
    group.add_argument("--period", help="period shown on the cover, e.g. 2024 상반기")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")


def _overrides(args: argparse.Namespace) -> dict[str, str]:
    return {key: getattr(args, key) for key in ("layout", "size", "organisation", "handle", "period") if getattr(args, key)}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return {"build": _build, "convert": _convert}[args.command](args)
    except CardnewsError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"cardnews: {exc}" if "\n" not in str(exc) else str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("cardnews: interrupted; earlier output is unchanged.", file=sys.stderr)
        return 130
    except Exception:
        if args.debug:
            traceback.print_exc()
        else:
            kind, value, _ = sys.exc_info()
            print(
                f"cardnews: internal error ({kind.__name__}: {value}). This is a bug in cardnews: please report it "
                "with the command you ran, the input file and the output of the same command with --debug.",
                file=sys.stderr,
            )
        return EXIT_BUG


def _build(args: argparse.Namespace) -> int:
    from cardnews.build import build
    from cardnews.fonts import FontBook

    built = build(args.file, args.out, FontBook(), _overrides(args), args.brand)
    for notice in built.planned.notices:
        print(notice, file=sys.stderr)
    for size, cards in built.planned.layouts.items():
        print(f"{len(cards)} cards, {size} {cards[0].width}×{cards[0].height}, in {built.folder}/")
        for card in cards:
            print(f"  {card.filename}")
    print(f"zip: {built.zip_path}")
    print(f"done in {built.seconds:.2f} s")
    return EXIT_OK


def _convert(args: argparse.Namespace) -> int:
    from cardnews.convert import series_to_yaml
    from cardnews.load import load_series

    series, notices = load_series(args.file, _overrides(args))
    for notice in notices:
        print(notice, file=sys.stderr)
    text = series_to_yaml(series)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK
