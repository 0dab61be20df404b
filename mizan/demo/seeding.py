"""Seed derivation: one independent random stream per (region, source, month, purpose).

Deriving every stream from the run's seed and a descriptive key means that changing one thing
(another month, one more region, a different fault rate) does not reshuffle everything else, and
that the same arguments always give the same bytes. Python's `random.Random` with an integer seed
is stable across platforms and versions for the methods used here.
"""

from __future__ import annotations

import hashlib
import math
import random
from bisect import bisect
from itertools import accumulate


def derive_seed(seed: int, *parts: object) -> int:
    text = "\x1f".join([str(seed), *(str(p) for p in parts)])
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def rng_for(seed: int, *parts: object) -> random.Random:
    """A random stream that depends only on `seed` and the key `parts`."""
    return random.Random(derive_seed(seed, *parts))


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (exact for small means, normal approximation for large ones)."""
    if lam <= 0:
        return 0
    if lam > 50:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    threshold = math.exp(-lam)
    k, product = 0, rng.random()
    while product > threshold:
        k += 1
        product *= rng.random()
    return k


_PICKERS: dict[int, tuple[dict[str, float], list[str], list[float], float]] = {}


def weighted(rng: random.Random, options: dict[str, float]) -> str:
    """One key of `options`, drawn with the given weights (insertion order fixes the outcome)."""
    cached = _PICKERS.get(id(options))
    if cached is None or cached[0] is not options:
        keys = list(options)
        cum = list(accumulate(options[k] for k in keys))
        cached = (options, keys, cum, cum[-1])
        if len(_PICKERS) > 10_000:
            _PICKERS.clear()
        _PICKERS[id(options)] = cached
    _, keys, cum, total = cached
    return keys[min(bisect(cum, rng.random() * total), len(keys) - 1)]


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))
