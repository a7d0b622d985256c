"""pyfair itself reads and calculates every pyfair export Residual writes.

The engine's test `pyfair_exports_for_pyfair_itself_to_read` writes the exports of the
shipped registers and of generated ones, each beside the expected annual loss of its
models. Here pyfair 0.1a13 (installed by scripts/setup) reads each with
`FairMetaModel.read_json`, calculates it, and its mean annual loss of each model must
agree with Residual's within pyfair's Monte-Carlo error.

Usage: python3 tests/interop/pyfair_reads.py DIRECTORY
"""

import json
import math
import pathlib
import sys
import warnings

warnings.filterwarnings("ignore")

from pyfair import FairMetaModel, FairModel  # noqa: E402


def main(directory):
    exports = sorted(pathlib.Path(directory).glob("*.json"))
    if len(exports) < 43:
        sys.exit(f"expected the shipped and generated exports in {directory}, found {len(exports)}")
    failures, models, compared = [], 0, 0
    for path in exports:
        expected = json.loads(path.with_suffix(".expected").read_text())
        text = path.read_text()
        try:
            meta = FairMetaModel.read_json(text)
            meta.calculate_all()
        except Exception as error:  # pyfair refusing the file is the failure looked for
            failures.append(f"{path.name}: pyfair cannot read or calculate it: {type(error).__name__}: {error}")
            continue
        # Each model on its own, as pyfair reads one: its risk per simulated year.
        document = json.loads(text)
        for name, model_json in document.items():
            if not isinstance(model_json, dict) or model_json.get("type") != "FairModel":
                continue
            models += 1
            model = FairModel.read_json(json.dumps(model_json))
            model.calculate_all()
            risk = model.export_results()["Risk"]
            mean, sd, n = float(risk.mean()), float(risk.std()), len(risk)
            want = expected.get(name)
            # pyfair's BetaPERT has the mean of Residual's but another spread (it sets the
            # standard deviation to (high - low) / 6), so a vulnerability it derives from
            # capability against strength, a nonlinear step, differs: Residual warns.
            nonlinear = "Threat Capability" in model_json
            if want is None or nonlinear:
                continue
            compared += 1
            # Six standard errors of pyfair's mean, and a hair for the quantile tables.
            tolerance = 6 * sd / math.sqrt(n) + 1e-6 * abs(want) + 1e-9
            if not math.isfinite(mean) or abs(mean - want) > tolerance:
                failures.append(f"{path.name} {name}: pyfair's mean {mean:.6g}, Residual's {want:.6g} (± {tolerance:.3g})")
    print(f"pyfair read and calculated {len(exports)} exports, {models} models; {compared} means compared")
    if failures:
        print("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1])
