#!/usr/bin/env python3
"""Residual against pyfair and plain numpy on the same work: 50 risks, each with
LEF ~ PERT and loss magnitude ~ PERT, 100,000 trials.

- rate x magnitude (what pyfair computes): pyfair FairModel per risk, and residual
  with event_model "rate";
- Poisson compound (N ~ Poisson(LEF) events, each its own magnitude): numpy vectorised
  (beta draws for PERT, rng.poisson, np.repeat + bincount), and residual's default model.

Residual is timed as the command line (`residual simulate FILE --json --threads 1`),
so its figure includes process start, reading and checking the register, and
planning. Usage: scripts/bench-peers (sets up a venv with pyfair and numpy)."""
import json, os, subprocess, sys, tempfile, time

import numpy as np
from pyfair import FairModel

RISKS, TRIALS = 50, 100_000
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "residual")


def params(i):
    # Every risk its own PERT shapes (the mode moves), so no tool can reuse work.
    f = 1.0 + (i % 7) * 0.15
    s = 0.05 + 0.9 * i / RISKS
    lef = (0.05 * f, (0.05 + 1.45 * s * 0.5) * f, 1.5 * f)
    lm = (10_000 * f, (10_000 + 490_000 * s * 0.6) * f, 500_000 * f)
    return lef, lm


def register(model):
    with open(os.path.join(ROOT, "public", "examples", "demo-register.json")) as fh:
        reg = json.load(fh)
    template = reg["risks"][0]
    reg["treatments"] = []
    reg["risks"] = []
    for i in range(RISKS):
        (a, m, b), (la, lm, lb) = params(i)
        risk = dict(template, id=f"P-{i:03}")
        risk["fair"] = {"event_model": model,
                        "loss_event_frequency": {"type": "pert", "min": a, "mode": m, "max": b},
                        "loss_magnitude": {"type": "pert", "min": la, "mode": lm, "max": lb}}
        reg["risks"].append(risk)
    return reg


def time_residual(model, threads="1", sampling="lhs"):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(register(model), fh)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([BIN, "simulate", fh.name, "--json", "--trials", str(TRIALS), "--threads", threads, "--sampling", sampling], check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    os.unlink(fh.name)
    return best


def time_pyfair():
    start = time.perf_counter()
    for i in range(RISKS):
        (a, m, b), (la, lm, lb) = params(i)
        model = FairModel(name=f"P-{i}", n_simulations=TRIALS, random_seed=i)
        model.input_data("Loss Event Frequency", low=a, mode=m, high=b)
        model.input_data("Loss Magnitude", low=la, mode=lm, high=lb)
        model.calculate_all()
        model.export_results()["Risk"].quantile([0.5, 0.9, 0.99])
    return time.perf_counter() - start


def pert(rng, a, m, b, n):
    alpha = 1 + 4 * (m - a) / (b - a)
    beta = 1 + 4 * (b - m) / (b - a)
    return a + (b - a) * rng.beta(alpha, beta, n)


def time_numpy():
    rng = np.random.default_rng(1)
    start = time.perf_counter()
    total = np.zeros(TRIALS)
    for i in range(RISKS):
        (a, m, b), (la, lm, lb) = params(i)
        counts = rng.poisson(pert(rng, a, m, b, TRIALS))
        magnitudes = pert(rng, la, lm, lb, int(counts.sum()))
        loss = np.bincount(np.repeat(np.arange(TRIALS), counts), weights=magnitudes, minlength=TRIALS)
        np.percentile(loss, [5, 10, 25, 50, 75, 90, 95, 99])
        total += loss
    np.percentile(total, [5, 10, 25, 50, 75, 90, 95, 99])
    return time.perf_counter() - start


def ns(seconds):
    return seconds * 1e9 / (RISKS * TRIALS)


if __name__ == "__main__":
    if not os.path.exists(BIN):
        sys.exit("build the command line first: cargo build --release")
    rows = [
        ("rate x magnitude", "pyfair", time_pyfair()),
        ("rate x magnitude", "residual (CLI, 1 thread)", time_residual("rate")),
        ("Poisson compound", "numpy (vectorised)", time_numpy()),
        ("Poisson compound", "residual (CLI, 1 thread)", time_residual("poisson")),
        ("Poisson compound", f"residual (CLI, {os.cpu_count()} threads)", time_residual("poisson", str(os.cpu_count()))),
        # Plain Monte Carlo, as numpy does (LHS also stratifies each risk and the pairing).
        ("Poisson compound", "residual (CLI, 1 thread, mc)", time_residual("poisson", "1", "mc")),
    ]
    print(f"{RISKS} risks x {TRIALS:,} trials; numpy {np.__version__}")
    for model, tool, secs in rows:
        print(f"{model:<18} {tool:<30} {secs * 1e3:9.1f} ms  {ns(secs):8.1f} ns/risk-trial")
