#!/usr/bin/env python3
"""`sparseadapter bench train` against the reference, in alternating pairs.

The machine's own speed drifts by 10-15 % between minutes, so only runs
taken side by side compare. Each pair runs ours, then the reference
(tools/reference_train_bench.py, Debian's python3-torch) on the same shape,
the reference with the OpenBLAS kernel ours ran (OPENBLAS_CORETYPE from our
`blas` field) and on our random weights and batch (`--save-weights`: the
weights alone move a step's time by up to 15 %), and prints both JSON lines;
the last line is the summary: per-pair ratios of tokens/s and their median.

  tools/bench_train_pairs.py --cli build/app/cli/sparseadapter --pairs 3

With --epoch the pair is a training epoch on real data instead: `bench
epoch` (one padding mode) hands the reference its model and its very batches,
in the trainer's order, and the ratio is of padded positions per second of
training; the mean losses of both sides are printed side by side too.

  tools/bench_train_pairs.py --epoch --pairs 1 -- --task rte \
      --data ../shared/data/glue_data/RTE --tokenizer ../shared/fixtures/models/tiny-roberta \
      --padding longest --group-by-length yes
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run(command, env):
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed with exit status {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cli", default="build/app/cli/sparseadapter")
    p.add_argument("--python", default="/usr/bin/python3", help="a python3 with torch (Debian's python3-torch)")
    p.add_argument("--pairs", type=int, default=3)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--reference-blas", default="", help="a folder to load the reference's libblas.so.3 from")
    p.add_argument("--random-weights", action="store_true",
                   help="each side draws its own (by default the reference runs on ours)")
    p.add_argument("--epoch", action="store_true", help="pairs of `bench epoch` (pass its options after --)")
    p.add_argument("args", nargs="*", help="more options for both sides, e.g. --batch 8 --seq 384")
    a = p.parse_args()

    if a.epoch:
        return epochs(a)
    ratios, evals = [], []
    weights = os.path.join(tempfile.mkdtemp(), "weights.safetensors")
    for pair in range(1, a.pairs + 1):
        share = [] if a.random_weights else ["--save-weights", weights]
        ours = run([a.cli, "bench", "train", "--repeats", str(a.repeats)] + share + a.args, dict(os.environ))
        core = re.search(r"core=(\w+)", ours.get("blas", ""))
        env = dict(os.environ)
        if core:
            env["OPENBLAS_CORETYPE"] = core.group(1)
        if a.reference_blas:
            env["LD_LIBRARY_PATH"] = a.reference_blas
        share = [] if a.random_weights else ["--weights", weights]
        reference = run([a.python, os.path.join(HERE, "reference_train_bench.py"), "--repeats", str(a.repeats)]
                        + share + a.args, env)
        ours["side"], ours["pair"], reference["pair"] = "ours", pair, pair
        print(json.dumps(ours), flush=True)
        print(json.dumps(reference), flush=True)
        ratios.append(ours["tokens_per_s_train"] / reference["tokens_per_s_train"])
        evals.append(ours["eval_tokens_per_s"] / reference["eval_tokens_per_s"])
    print(json.dumps({"pairs": a.pairs, "train_ratios": [round(r, 3) for r in ratios],
                      "train_ratio_median": round(statistics.median(ratios), 3),
                      "eval_ratios": [round(r, 3) for r in evals],
                      "eval_ratio_median": round(statistics.median(evals), 3)}))


def epochs(a):
    ratios, losses = [], []
    weights = os.path.join(tempfile.mkdtemp(), "epoch.safetensors")
    for pair in range(1, a.pairs + 1):
        line = run([a.cli, "bench", "epoch", "--save-weights", weights] + a.args, dict(os.environ))
        mode = "max" if "max" in line else "longest"
        ours = dict(line[mode], side="ours", pair=pair, padding=mode, blas=line.get("blas_choice", ""))
        env = dict(os.environ)
        core = re.search(r"kernel (\w+)", ours["blas"])
        env["OPENBLAS_CORETYPE"] = core.group(1) if core else env.get("OPENBLAS_CORETYPE", "SkylakeX")
        reference = run([a.python, os.path.join(HERE, "reference_train_bench.py"), "--epoch", "--weights", weights],
                        env)
        reference["pair"] = pair
        print(json.dumps(ours), flush=True)
        print(json.dumps(reference), flush=True)
        ratios.append(ours["positions_per_s_train"] / reference["positions_per_s_train"])
        losses.append([ours["mean_loss"], reference["mean_loss"]])
    os.remove(weights)
    print(json.dumps({"epoch_pairs": a.pairs, "train_ratios": [round(r, 3) for r in ratios],
                      "train_ratio_median": round(statistics.median(ratios), 3), "mean_losses": losses}))


if __name__ == "__main__":
    main()
