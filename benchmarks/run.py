"""How fast cardnews builds, measured against the floor: the time to encode the images it writes.

    python benchmarks/run.py              # the full run: about a minute on two cores
    python benchmarks/run.py --repeat 3   # quicker, noisier

In one process it builds the reference series (8 cards) and a generated 40-case series, each `--repeat`
times after a warm-up, and reports medians: whole-series time (--jobs 1 and the default), per-card
layout, draw and encode time, bundle and zip time, and the floor (encoding the same final images with the
same settings, nothing else). Then, in fresh processes: a cold `cardnews build` of the reference series
from exec to exit, and the peak memory of building the 40-case series. Targets are checked at the end.

Timings depend on the machine and on what else runs on it: run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "cases" / "2024-h1-gangnam.yaml"
TARGETS = {
    "series / encode floors": 2.0,  # whole reference series, built and zipped, over the sum of its encode floors
    "cold build": 0.5,  # seconds, process start to exit
    "layout + draw / encode": 0.5,  # per card
    "per-card cost vs reference": 0.10,  # 40-case series, relative difference
    "jobs 2 speed-up": 1.6,
    "peak RSS MB": 200,
    "24 MP photo ms a card": 150,  # what a 24-megapixel camera JPEG adds to drawing and encoding its card
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each measurement (default: 5); medians are reported")
    parser.add_argument("--cases", type=int, default=40, help="cases in the generated series (default: 40)")
    parser.add_argument("--no-processes", action="store_true", help="skip the cold-start and memory runs in fresh processes")
    parser.add_argument("--peers", action="store_true", help="only the side-by-side run against the peers (with --scale: and the scale table)")
    parser.add_argument("--scale", action="store_true", help="only the scale table (with --peers: and the side-by-side run)")
    parser.add_argument("--photos", action="store_true", help="only the cost of photos: a 24-megapixel JPEG, read and drawn on its card")
    parser.add_argument(
        "--scale-cases", default="40,200,2000", help="series lengths for the scale table, in cases (default: 40,200,2000)"
    )
    parser.add_argument(
        "--peers-dir", type=Path, default=Path(os.environ.get("CARDNEWS_PEERS", ROOT.parent / "shared" / "peers")),
        help="the peers' folder, with run.sh (default: $CARDNEWS_PEERS, else ../shared/peers beside the project)",
    )
    args = parser.parse_args(argv)
    counts = [int(count) for count in args.scale_cases.split(",")]
    if args.peers or args.scale:
        return run_only(args.peers_dir if args.peers else None, counts if args.scale else None, args.repeat)
    if args.photos:
        with tempfile.TemporaryDirectory(prefix="cardnews-bench-") as folder:
            print_photos(measure_photos(Path(folder), args.repeat))
        return 0

    from cardnews.layout.fonts import FontBook
    from cardnews.render.parallel import MIN_CARDS_FOR_PROCESSES, default_jobs

    cores = default_jobs()
    work = Path(tempfile.mkdtemp(prefix="cardnews-bench-"))
    try:
        generated = write_generated_series(work / f"generated-{args.cases}.yaml", args.cases)
        print(f"cardnews benchmark · {cores} cores ({os.cpu_count()} CPUs) · {platform.python_implementation()} {platform.python_version()} "
              f"· Pillow {pillow_version()} · load average at start {load_average()}")
        print(f"medians of {args.repeat} runs after a warm-up; processes for --jobs N start from {MIN_CARDS_FOR_PROCESSES} cards\n")
        fonts = FontBook()
        results = {}
        for name, path in (("reference", REFERENCE), (f"generated, {args.cases} cases", generated)):
            results[name] = measure_series(path, fonts, work, args.repeat, cores)
        print_series(results, cores)
        if cores > 1:
            print_threshold(measure_threshold(fonts, cores, args.repeat), cores)
        print_png_settings(measure_png_settings(fonts, generated))
        photo_costs = measure_photos(work, args.repeat)
        print_photos(photo_costs)
        cold = processes = None
        if not args.no_processes:
            cold = measure_cold_start(work, args.repeat)
            processes = measure_memory(generated, work)
            print_processes(cold, processes)
        print_targets(results, cold, processes, cores, photo_costs)
        if not args.no_processes:
            print()
            side_by_side(args.peers_dir, args.repeat, work)
            print()
            print_scale(measure_scale(counts, work))
        print(f"\nload average at end {load_average()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


# -- the generated series -------------------------------------------------------------------------------


def write_generated_series(target: Path, count: int) -> Path:
    """`count` cases made from the reference's five, each text's words rotated so that no two cases share a line."""
    import yaml

    reference = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    cases = []
    for index in range(count):
        base = reference["cases"][index % len(reference["cases"])]
        turn = index // len(reference["cases"])

        def rotate(text: str) -> str:
            words = text.split(" ")
            shift = turn % len(words)
            return " ".join(words[shift:] + words[:shift])

        items = []
        for item in base["items"]:
            if isinstance(item, str):
                items.append(rotate(item))
            else:
                items.append({"text": rotate(item["text"]), "notes": [rotate(note) for note in item.get("notes", [])]})
        cases.append({"kicker": rotate(base["kicker"]), "headline": rotate(base["headline"]), "items": items})
    series = dict(reference["series"], title=f"벤치마크 {count}건 사례 모음", description="")
    series.pop("bundle", None)
    target.write_text(yaml.safe_dump({"series": series, "cases": cases}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


# -- one series, in this process ----------------------------------------------------------------------------


@dataclass
class SeriesTimes:
    cards: int
    layout: float  # seconds for the series, fonts and measurements cached (a rebuild in a running process)
    layout_fresh: float  # the same with a new FontBook: every font and measurement loaded again
    draw: float
    encode: float
    bundle: float  # caption, alt text, manifest, PDF from the encoded cards
    zip: float
    write: float
    floor: float  # encoding the final images, nothing else
    series: dict[int, float]  # jobs → whole series, case file to zip written
    png_bytes: int


def measure_series(path: Path, fonts, work: Path, repeat: int, cores: int) -> SeriesTimes:
    from cardnews.build import build_into, plan
    from cardnews.bundle.assemble import Drawn, bundle_files
    from cardnews.bundle.blobs import in_memory
    from cardnews.bundle.package import StagedOutput, write_outputs, zip_bytes
    from cardnews.input.load import load_case
    from cardnews.layout.fonts import FontBook
    from cardnews.model import Settings
    from cardnews.render.draw import render_card
    from cardnews.render.encode import encode_image

    def build_and_write(jobs: int) -> None:
        """What `cardnews build` does: read the case file, build, write the folder and the zip."""
        with StagedOutput(work / "out") as staged:
            bundle = build_into(staged, load_case(path), fonts, jobs=jobs)
            staged.commit(bundle.folder, bundle.zip_name, bundle.files)

    # whole series first, while this process is small (forking a large one costs more), jobs alternating
    everything = sorted({1, cores})
    for jobs in everything:
        build_and_write(jobs)  # warm-up: fonts, emoji, theme, measurements
    runs: dict[int, list[float]] = {jobs: [] for jobs in everything}
    for _ in range(repeat):
        for jobs in everything:
            started = time.perf_counter()
            build_and_write(jobs)
            runs[jobs].append(time.perf_counter() - started)
    series = {jobs: statistics.median(times) for jobs, times in runs.items()}

    options = Settings()
    planned = plan(load_case(path), fonts)
    cards = planned.cards
    images = [render_card(card, fonts) for card in cards]
    encoded = [encode_image(image) for image in images]
    layout = median_of(repeat, lambda: plan(load_case(path), fonts))
    draw = median_of(repeat, lambda: [render_card(card, fonts) for card in cards])
    encode = median_of(repeat, lambda: [encode_image(render_card(card, fonts)) for card in cards]) - draw
    floor = median_of(repeat, lambda: [encode_image(image) for image in images])
    del images
    drawn = {planned.sizes[0]: [Drawn(card, in_memory(data), lambda card: render_card(card, fonts)) for card, data in zip(cards, encoded)]}
    bundle = median_of(repeat, lambda: bundle_files(planned.series, drawn, planned.sizes, options))
    files, _ = bundle_files(planned.series, drawn, planned.sizes, options)
    files = [(name, blob.read()) for name, blob in files]
    entries = [(f"bundle/{name}", data) for name, data in files]
    zipped = median_of(repeat, lambda: zip_bytes(entries))
    archive = zip_bytes(entries)
    write = median_of(repeat, lambda: write_outputs(work / "staged", "cards", files, "bundle.zip", archive))
    layout_fresh = median_of(repeat, lambda: plan(load_case(path), FontBook()))
    return SeriesTimes(len(cards), layout, layout_fresh, draw, encode, bundle, zipped, write, floor, series, sum(map(len, encoded)))


def measure_threshold(fonts, cores: int, repeat: int, largest: int = 8) -> list[tuple[int, float, float]]:
    """(cards, seconds with one process, seconds with `cores`) for short runs of the reference's cards:
    where a second process starts to gain."""
    from cardnews.build import plan
    from cardnews.input.load import load_case
    from cardnews.render.parallel import encode_cards
    from cardnews.render.draw import render_card

    cards = plan(load_case(REFERENCE), fonts).cards * 2
    rows = []
    for count in range(2, largest + 1):
        chosen = cards[:count]
        serial = median_of(repeat, lambda: encode_cards(chosen, fonts, render_card, jobs=1))
        parallel = median_of(repeat, lambda: encode_cards(chosen, fonts, render_card, jobs=cores, min_cards=1))
        rows.append((count, serial, parallel))
    return rows


def print_threshold(rows: list[tuple[int, float, float]], cores: int) -> None:
    from cardnews.render.parallel import MIN_CARDS_FOR_PROCESSES

    print(f"\ndraw + encode of the first N reference cards, 1 process vs {cores} (in use from {MIN_CARDS_FOR_PROCESSES} cards):")
    print("  cards " + "".join(f"{count:>8}" for count, _, _ in rows))
    print("  1     " + "".join(f"{serial * 1e3:>6.0f}ms" for _, serial, _ in rows))
    print(f"  {cores:<6}" + "".join(f"{parallel * 1e3:>6.0f}ms" for _, _, parallel in rows))
    gaining = [count for count, serial, parallel in rows if parallel < serial]
    clearly = [count for count, _, _ in rows if all(parallel < 0.9 * serial for c, serial, parallel in rows if c >= count)]
    print(f"  faster from {gaining[0] if gaining else 'more than ' + str(rows[-1][0])} cards; "
          f"10% faster or more from {clearly[0] if clearly else 'more than ' + str(rows[-1][0])} cards on")


def median_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def print_series(results: dict[str, SeriesTimes], cores: int) -> None:
    names = list(results)
    rows = [
        ("cards", lambda t: f"{t.cards}"),
        ("PNG bytes, all cards", lambda t: f"{t.png_bytes / 1e6:.2f} MB"),
        ("series, --jobs 1", lambda t: f"{t.series[1] * 1e3:.0f} ms"),
    ]
    if cores > 1:
        rows.append((f"series, --jobs {cores} (default)", lambda t: f"{t.series[cores] * 1e3:.0f} ms"))
        rows.append((f"  speed-up of --jobs {cores}", lambda t: f"{t.series[1] / t.series[cores]:.2f}×"))
    rows += [
        ("series per card (default jobs)", lambda t: f"{t.series[cores] / t.cards * 1e3:.1f} ms"),
        ("layout per card", lambda t: f"{t.layout / t.cards * 1e3:.1f} ms"),
        ("  with a fresh FontBook", lambda t: f"{t.layout_fresh / t.cards * 1e3:.1f} ms"),
        ("draw per card", lambda t: f"{t.draw / t.cards * 1e3:.1f} ms"),
        ("encode per card", lambda t: f"{t.encode / t.cards * 1e3:.1f} ms"),
        ("bundle (caption, alt, manifest, PDF)", lambda t: f"{t.bundle * 1e3:.1f} ms"),
        ("zip", lambda t: f"{t.zip * 1e3:.1f} ms"),
        ("write (staged, swapped in)", lambda t: f"{t.write * 1e3:.1f} ms"),
        ("encode floor per card", lambda t: f"{t.floor / t.cards * 1e3:.1f} ms"),
        ("sum of encode floors", lambda t: f"{t.floor * 1e3:.0f} ms"),
        ("ratio: per-card total / floor", lambda t: f"{(t.layout + t.draw + t.encode) / t.floor:.2f}"),
        ("  same, fresh FontBook", lambda t: f"{(t.layout_fresh + t.draw + t.encode) / t.floor:.2f}"),
        ("ratio: (layout + draw) / encode", lambda t: f"{(t.layout + t.draw) / t.encode:.2f}"),
        ("ratio: series --jobs 1 / floors", lambda t: f"{t.series[1] / t.floor:.2f}"),
        ("ratio: series default / floors", lambda t: f"{t.series[cores] / t.floor:.2f}"),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"{'':{width}}  " + "  ".join(f"{name:>24}" for name in names))
    for label, cell in rows:
        print(f"{label:{width}}  " + "  ".join(f"{cell(results[name]):>24}" for name in names))


def measure_png_settings(fonts, generated: Path, count: int = 24) -> list[tuple[str, float, float]]:
    """(setting, ms a card, KB a card) for PNG encoder settings, on the reference's cards and the first of
    the generated series: the choice of PNG_COMPRESS_LEVEL, measured. CPU time, so other load matters less."""
    import io

    from cardnews.build import plan
    from cardnews.input.load import load_case
    from cardnews.render.encode import png_unfiltered, srgb_profile
    from cardnews.render.draw import render_card

    cards = (plan(load_case(REFERENCE), fonts).cards + plan(load_case(generated), fonts).cards)[:count]
    images = [render_card(card, fonts) for card in cards]

    def pillow(level: int):
        def encode(image):
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", compress_level=level, icc_profile=srgb_profile())
            return buffer.getvalue()

        return encode

    settings = {f"unfiltered, zlib {level}": (lambda level: lambda image: png_unfiltered(image, level))(level) for level in (1, 2, 3, 4, 6)}
    settings.update({f"Pillow's filters, zlib {level}": pillow(level) for level in (4, 6)})
    rows = []
    for name, encode in settings.items():
        sizes, times = [], []
        for _ in range(2):
            started = time.process_time()
            sizes.extend(len(encode(image)) for image in images)
            times.append(time.process_time() - started)
        rows.append((name, min(times) / len(images) * 1e3, sum(sizes) / len(sizes) / 1e3))
    return rows


# -- photos ---------------------------------------------------------------------------------------------


def measure_photos(work: Path, repeat: int) -> dict[str, float]:
    """Seconds for a 24-megapixel camera JPEG: read at the edge (bytes, preview, detail map), and what it
    adds to drawing and encoding its card (the same case's card without a photo subtracted), at each size."""
    from PIL import Image, ImageFilter

    from cardnews.build import plan
    from cardnews.input.load import load_case
    from cardnews.layout.fonts import FontBook
    from cardnews.render.draw import render_card
    from cardnews.render.encode import encode_image
    from cardnews.render.photo import photo_pixels

    small = Image.open(ROOT / "tests" / "photos" / "rocket.jpg").convert("RGB")
    large = small.resize((6000, 4000), Image.Resampling.BICUBIC).filter(ImageFilter.DETAIL)  # 24 MP, as a camera writes it
    large.save(work / "camera.jpg", quality=90)
    text = ("series:\n  title: 2024 상반기 강남구 적극행정 우수사례 모음\n  size: all\ncases:\n"
            "  - headline: 새 체육관 개관\n    image: camera.jpg\n    image_alt: 새 체육관\n    items: [주민 누구나 이용 가능, 평일 저녁 9시까지]\n")
    with_photo = work / "photo.yaml"
    with_photo.write_text(text, encoding="utf-8")
    without = work / "plain.yaml"
    without.write_text(text.replace("    image: camera.jpg\n    image_alt: 새 체육관\n", ""), encoding="utf-8")
    fonts = FontBook()
    read = median_of(repeat, lambda: load_case(with_photo))
    photo_plan, plain_plan = plan(load_case(with_photo), fonts), plan(load_case(without), fonts)
    costs = {"read": read}
    for size in photo_plan.layouts:
        photo_card, plain_card = photo_plan.layouts[size][2], plain_plan.layouts[size][2]

        def draw(card, fresh: bool = True):
            if fresh:
                photo_pixels.cache_clear()  # every run decodes the photo, as the first build of it does
            encode_image(render_card(card, fonts), "png", photographic=card.photographic)

        draw(photo_card)
        draw(plain_card)
        costs[size] = median_of(repeat, lambda: draw(photo_card)) - median_of(repeat, lambda: draw(plain_card))
    return costs


def print_photos(costs: dict[str, float]) -> None:
    print("\na 24-megapixel camera JPEG (6000×4000, 10 MB class), median:")
    print(f"  {'read once at the edge (bytes, preview, detail map)':52} {costs['read'] * 1e3:6.0f} ms")
    for size, seconds in costs.items():
        if size != "read":
            print(f"  {'added to drawing and encoding its card, ' + size:52} {seconds * 1e3:6.0f} ms")


def print_png_settings(rows: list[tuple[str, float, float]]) -> None:
    from cardnews.render.encode import PNG_COMPRESS_LEVEL

    print(f"\nPNG encoder settings (lossless; the build writes unfiltered rows at zlib level {PNG_COMPRESS_LEVEL}), CPU time and size a card:")
    reference = next(kb for name, _, kb in rows if name == "Pillow's filters, zlib 6")
    for name, ms, kb in rows:
        print(f"  {name:24} {ms:6.1f} ms  {kb:7.1f} KB  ({kb / reference - 1:+.1%} against Pillow's default)")


# -- fresh processes ----------------------------------------------------------------------------------------


def cardnews_command() -> list[str]:
    """The installed `cardnews` script beside this Python, as a user runs it; else `python -m cardnews`."""
    script = Path(sys.executable).with_name("cardnews")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "cardnews"]


def child_environment(work: Path) -> dict[str, str]:
    """Compiled bytecode cached, as after `pip install`, in a folder of our own (the source tree stays clean)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def run_timed(command: list[str], env: dict[str, str], repeat: int) -> float:
    subprocess.run(command, env=env, check=True, capture_output=True)  # warm-up: bytecode, file cache
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_cold_start(work: Path, repeat: int) -> dict[str, float]:
    env = child_environment(work)
    out = str(work / "cold")
    command = cardnews_command()
    return {
        "python -c pass (the interpreter alone)": run_timed([sys.executable, "-c", "pass"], env, repeat),
        "cardnews --help": run_timed([*command, "--help"], env, repeat),
        "cardnews check (reference)": run_timed([*command, "check", str(REFERENCE)], env, repeat),
        "cardnews build (reference), --jobs 1": run_timed([*command, "build", str(REFERENCE), "--out", out, "--jobs", "1"], env, repeat),
        "cardnews build (reference)": run_timed([*command, "build", str(REFERENCE), "--out", out], env, repeat),
    }


# The peak of this process since exec: VmHWM where there is /proc (ru_maxrss would count the process that
# started it, as it was when it forked), and the largest of its workers.
_MEMORY_PROBE = """
import resource, sys
from cardnews.cli import main
code = main(sys.argv[1:])
try:
    own = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except OSError:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def measure_memory(path: Path, work: Path) -> dict[str, float]:
    """Peak resident memory (MB) of building the series in a fresh process: the main process and its largest worker."""
    env = child_environment(work)
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, "build", str(path), "--out", str(work / "memory")], env=env, check=True, capture_output=True, text=True
    )
    own, children = (int(value) for value in done.stderr.strip().splitlines()[-1].split())
    scale = 1024 if sys.platform != "darwin" else 1  # ru_maxrss: KiB on Linux, bytes on macOS
    return {"main process": own * scale / 1e6, "largest worker": children * scale / 1e6}


def print_processes(cold: dict[str, float], memory: dict[str, float]) -> None:
    print("\nfresh processes, exec to exit (bytecode cached, as after pip install):")
    for label, seconds in cold.items():
        print(f"  {label:42} {seconds * 1e3:6.0f} ms")
    print("peak resident memory, building the generated series:")
    for label, megabytes in memory.items():
        print(f"  {label:42} {megabytes:6.0f} MB")


# -- side by side with the peers -----------------------------------------------------------------------------

PEERS = {"chromium": "HTML + headless Chromium", "satori": "Satori + resvg"}
PEER_TARGETS = {"chromium": 5.0, "satori": 4.0}  # times faster than each, cold process to zip written


def run_only(folder: Path | None, counts: list[int] | None, repeat: int) -> int:
    """The side-by-side run and/or the scale table, without the rest."""
    work = Path(tempfile.mkdtemp(prefix="cardnews-bench-"))
    try:
        print(f"cardnews benchmark · {os.cpu_count()} CPUs · load average at start {load_average()}")
        if folder is not None:
            side_by_side(folder, repeat, work)
        if counts:
            print()
            print_scale(measure_scale(counts, work))
        print(f"\nload average at end {load_average()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def peer_commands(folder: Path) -> dict[str, list[str]] | None:
    """Each peer's command line, as its `run.sh cmd PEER` prints it (which installs what is missing)."""
    import shlex

    script = folder / "run.sh"
    if not script.is_file():
        return None
    commands = {}
    for peer in PEERS:
        done = subprocess.run(["bash", str(script), "cmd", peer], capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            raise SystemExit(f"benchmark: {script} cmd {peer} failed:\n{done.stderr.strip()}")
        commands[peer] = shlex.split(done.stdout.strip().splitlines()[-1])
    return commands


def side_by_side(folder: Path, repeat: int, work: Path) -> dict[str, list[float]] | None:
    """A cold `cardnews build` of the reference and each peer's whole series, interleaved round by round in
    this one run (so that all see the same load), from exec to exit; prints the times and the ratios."""
    commands = peer_commands(folder)
    if commands is None:
        print(f"side by side with the peers: skipped, no run.sh in {folder} (set --peers-dir or CARDNEWS_PEERS)")
        return None
    env = child_environment(work)
    ours = [*cardnews_command(), "build", str(REFERENCE), "--out", str(work / "side-by-side")]
    runs = {"cardnews": (ours, env), **{peer: (command, None) for peer, command in commands.items()}}
    import resource

    times: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for round_number in range(repeat + 1):  # the first round warms bytecode and file caches, untimed
        for name, (command, environment) in runs.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, env=environment, check=True, capture_output=True, timeout=300)
            elapsed = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if round_number:
                times[name].append(elapsed)
                cpu[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    print(f"side by side, cold process to exit, {repeat} interleaved rounds after a warm-up round (the peers draw 7 cards, cardnews 8):")
    for name, values in times.items():
        label = "cardnews build (reference)" if name == "cardnews" else PEERS[name]
        print(
            f"  {label:28} median {statistics.median(values) * 1e3:6.0f} ms   min–max {min(values) * 1e3:5.0f}–{max(values) * 1e3:5.0f} ms"
            f"   CPU time (all its processes) {statistics.median(cpu[name]) * 1e3:5.0f} ms"
        )
    for peer, target in PEER_TARGETS.items():
        ratios = [theirs / mine for theirs, mine in zip(times[peer], times["cardnews"])]
        median = statistics.median(times[peer]) / statistics.median(times["cardnews"])
        print(
            f"  {'met    ' if median >= target else 'NOT MET'} ≥ {target:.0f}× faster than {PEERS[peer]:24} "
            f"{median:4.1f}× (ratio of medians; round by round median {statistics.median(ratios):.1f}×, {min(ratios):.1f}–{max(ratios):.1f}×)"
        )
    return times


# -- scale in series length ------------------------------------------------------------------------------


@dataclass
class ScaleRow:
    cases: int
    cards: int
    build_seconds: float  # exec to exit, default --jobs
    build_cpu: float  # CPU time of the build and its workers
    build_peak_mb: float  # the main process
    build_worker_mb: float  # the largest of its workers (forked from it after the layout, so sharing its pages)
    check_seconds: float
    check_cpu: float
    check_peak_mb: float


def _probe(arguments: list[str], env: dict[str, str]) -> tuple[float, float, float, float]:
    """(seconds, CPU seconds, peak MB of the process, of its largest worker) of one cardnews command in a fresh process."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEMORY_PROBE, *arguments], env=env, capture_output=True, text=True, timeout=3600)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: built or checked, with warnings
        raise SystemExit(f"benchmark: cardnews {' '.join(arguments)} failed:\n{done.stderr.strip()}")
    own, children = (int(value) for value in done.stderr.strip().splitlines()[-1].split())
    scale = 1024 if sys.platform != "darwin" else 1
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu, own * scale / 1e6, children * scale / 1e6


def measure_scale(counts: list[int], work: Path) -> list[ScaleRow]:
    """Build and check generated series of each length in fresh processes: time and memory a card should
    stay flat as the series grows."""
    env = child_environment(work)
    rows = []
    for count in counts:
        path = write_generated_series(work / f"scale-{count}.yaml", count)
        out = work / f"scale-out-{count}"
        build_seconds, build_cpu, build_peak, build_worker = _probe(["build", str(path), "--out", str(out), "--quiet"], env)
        cards = len(list(next(path for path in out.iterdir() if path.is_dir()).glob("*.png")))
        check_seconds, check_cpu, check_peak, _ignored = _probe(["check", str(path)], env)
        rows.append(ScaleRow(count, cards, build_seconds, build_cpu, build_peak, build_worker, check_seconds, check_cpu, check_peak))
        shutil.rmtree(out, ignore_errors=True)
    return rows


def print_scale(rows: list[ScaleRow]) -> None:
    print("scale in series length, fresh processes (generated series; time and CPU a card, peak resident memory:")
    print("the build's own process and its largest worker, which shares the layout's pages with it):")
    print(
        f"  {'cases':>6} {'cards':>6}   {'build ms/card':>13} {'CPU ms/card':>11} {'peak MB':>8} {'worker MB':>9}"
        f"   {'check ms/card':>13} {'CPU ms/card':>11} {'peak MB':>8}"
    )
    for row in rows:
        print(
            f"  {row.cases:>6} {row.cards:>6}   {row.build_seconds / row.cards * 1e3:>13.1f} {row.build_cpu / row.cards * 1e3:>11.1f}"
            f" {row.build_peak_mb:>8.0f} {row.build_worker_mb:>9.0f}"
            f"   {row.check_seconds / row.cards * 1e3:>13.2f} {row.check_cpu / row.cards * 1e3:>11.2f} {row.check_peak_mb:>8.0f}"
        )


# -- targets -----------------------------------------------------------------------------------------------


def print_targets(results: dict[str, SeriesTimes], cold, memory, cores: int, photos: dict[str, float] | None = None) -> None:
    reference, generated = results.values()
    checks = [
        (f"reference series ≤ {TARGETS['series / encode floors']}× its encode floors", reference.series[cores] / reference.floor, TARGETS["series / encode floors"], "×"),
        (f"per-card layout + draw ≤ {TARGETS['layout + draw / encode']}× encode (reference)", (reference.layout + reference.draw) / reference.encode, TARGETS["layout + draw / encode"], "×"),
        (f"per-card layout + draw ≤ {TARGETS['layout + draw / encode']}× encode (generated)", (generated.layout + generated.draw) / generated.encode, TARGETS["layout + draw / encode"], "×"),
        (
            "generated per-card cost within 10% of the reference's",
            abs(generated.series[cores] / generated.cards / (reference.series[cores] / reference.cards) - 1),
            TARGETS["per-card cost vs reference"],
            "",
        ),
    ]
    if cores > 1:
        checks.append((f"generated: --jobs {cores} ≥ {TARGETS['jobs 2 speed-up']}× faster than --jobs 1", generated.series[1] / generated.series[cores], TARGETS["jobs 2 speed-up"], "min"))
    if cold:
        build = cold["cardnews build (reference)"]
        checks.append((f"cold build of the reference ≤ {TARGETS['cold build']} s", build, TARGETS["cold build"], "s"))
    if memory:
        checks.append((f"peak RSS ≤ {TARGETS['peak RSS MB']} MB (generated series, any process)", max(memory.values()), TARGETS["peak RSS MB"], "MB"))
    if photos:
        worst = max(seconds for size, seconds in photos.items() if size != "read")
        checks.append((f"a 24 MP photo adds ≤ {TARGETS['24 MP photo ms a card']} ms to its card (worst size)", worst * 1e3, TARGETS["24 MP photo ms a card"], "ms"))
    print("\ntargets:")
    for label, value, limit, unit in checks:
        met = value >= limit if unit == "min" else value <= limit
        shown = f"{value:.2f}" if unit not in ("MB", "ms") else f"{value:.0f}"
        print(f"  {'met    ' if met else 'NOT MET'} {label:62} {shown}{'' if unit in ('min', '') else ' ' + unit}")


def pillow_version() -> str:
    import PIL

    return PIL.__version__


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "n/a"


if __name__ == "__main__":
    sys.exit(main())
