"""What the benchmarking commands print: p50, p95 and max of their timings, and the slowest."""

import statistics

SLOWEST_SHOWN = 5


def write_timings(stdout, timings: list[tuple[float, str]], heading: str) -> None:
    """`heading`, then p50, p95 and max of `timings` (milliseconds, what took them), then the
    slowest of them."""
    milliseconds = sorted(duration for duration, _ in timings)
    percentiles = statistics.quantiles(milliseconds, n=100, method="inclusive")
    stdout.write(
        f"{heading}: p50 {percentiles[49]:.1f} ms, p95 {percentiles[94]:.1f} ms,"
        f" max {milliseconds[-1]:.1f} ms"
    )
    stdout.write("Slowest:")
    for duration, name in sorted(timings, reverse=True)[:SLOWEST_SHOWN]:
        stdout.write(f"  {duration:8.1f} ms  {name}")
