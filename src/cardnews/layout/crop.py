"""Cropping a photo to a box's shape, pure: keep what the photo is of.

The crop is the largest window of the box's aspect inside the photo, slid to where it holds the most
detail (the input edge's detail map: edges and skin tones), with a mild pull towards the centre so a
photo with detail everywhere is cropped as a person would. With `focus`, the window is centred there.
"""

from __future__ import annotations

from itertools import accumulate

from cardnews.model import Photo

CENTRE_PULL = 0.08  # share of the score that favours a centred window over an off-centre one of equal detail

Crop = tuple[float, float, float, float]  # left, top, right, bottom in upright photo pixels


def choose_crop(photo: Photo, aspect: float) -> Crop:
    """The window of `aspect` (width/height) to show of `photo`."""
    width, height = photo.width, photo.height
    if width / height > aspect:  # wider than the box: slide along x
        window_w, window_h = height * aspect, float(height)
    else:
        window_w, window_h = float(width), width / aspect
    if photo.focus is not None:
        fx, fy = photo.focus
        left = _clamp(fx * width - window_w / 2, 0, width - window_w)
        top = _clamp(fy * height - window_h / 2, 0, height - window_h)
        return (left, top, left + window_w, top + window_h)
    along_x = window_w < width - 0.5
    slack = (width - window_w) if along_x else (height - window_h)
    if slack < 0.5 or not photo.detail:
        left, top = (width - window_w) / 2, (height - window_h) / 2
        return (left, top, left + window_w, top + window_h)
    start = best_offset(_profile(photo, along_x), (window_w / width) if along_x else (window_h / height))
    if along_x:
        left = start * width
        return (left, 0.0, left + window_w, float(height))
    top = start * height
    return (0.0, top, float(width), top + window_h)


def best_offset(profile: list[float], share: float) -> float:
    """Where (as a fraction of the whole) a window `share` of it wide holds the most of `profile`.

    `profile` is the detail summed across the other direction, cell by cell; the window's score is
    its share of all the detail, less a pull towards the centre. Sums come from a running total, so
    every offset costs the same.
    """
    cells = len(profile)
    total = sum(profile) or 1.0
    running = [0.0, *accumulate(profile)]
    span = share * cells
    best, best_score = (1 - share) / 2, float("-inf")
    steps = max(1, cells * 4)
    for step in range(steps + 1):
        start = (cells - span) * step / steps
        score = (_sum_at(running, start + span) - _sum_at(running, start)) / total
        centre = (start + span / 2) / cells
        score -= CENTRE_PULL * abs(centre - 0.5) * 2
        if score > best_score + 1e-9:
            best, best_score = start / cells, score
    return best


def _sum_at(running: list[float], position: float) -> float:
    """The running total at a fractional cell position, interpolated within the cell."""
    whole = int(position)
    if whole >= len(running) - 1:
        return running[-1]
    return running[whole] + (running[whole + 1] - running[whole]) * (position - whole)


def _profile(photo: Photo, along_x: bool) -> list[float]:
    columns, rows = photo.detail_size
    grid = photo.detail
    if along_x:
        return [sum(grid[row * columns + column] for row in range(rows)) for column in range(columns)]
    return [sum(grid[row * columns : (row + 1) * columns]) for row in range(rows)]


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))
