"""Percentiles of timings, computed the same way by every benchmark script."""
from __future__ import annotations


def p50_p95(milliseconds: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank below), rounded to 0.01 ms."""
    ordered = sorted(milliseconds)
    return round(ordered[len(ordered) // 2], 2), round(ordered[int(len(ordered) * 0.95)], 2)
