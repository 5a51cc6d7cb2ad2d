"""How long the kiosk's pinyin dictionary takes to build and to answer a keystroke (prints figures)."""
from __future__ import annotations

import json
import time
import tracemalloc


def main() -> None:
    """Build the index once, then time 10,000 lookups of growing prefixes."""
    t0 = time.perf_counter()
    from kiosk.pinyin import index
    idx = index()
    built = time.perf_counter() - t0
    index.cache_clear()
    tracemalloc.start()  # a second build, traced (tracing makes it slower, so it is not the one timed)
    index()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    words = ["z", "zh", "zha", "zhan", "zhang", "w", "wa", "wang", "l", "li"]
    t0 = time.perf_counter()
    for i in range(10_000):
        idx.candidates(words[i % len(words)])
    per = (time.perf_counter() - t0) / 10_000
    print(f"pinyin index: {len(idx.by_syllable)} syllables, {sum(map(len, idx.by_syllable.values()))} entries")
    print(f"build: {built * 1000:.0f} ms, peak traced memory {peak / 1e6:.1f} MB")
    print(f"lookup: {per * 1e6:.0f} us per keystroke (mean of 10,000, prefixes of 1-5 letters)")
    print("zhang ->", " ".join(idx.candidates("zhang", 10)))
    print(json.dumps({"build_ms": round(built * 1000), "peak_mb": round(peak / 1e6, 1), "lookup_us": round(per * 1e6)}))


if __name__ == "__main__":
    main()
