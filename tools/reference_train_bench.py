#!/usr/bin/env python3
"""The reference side of `sparseadapter bench train`, in PyTorch.

The official SparseAdapter code trains HuggingFace's RoBERTa with PETL
adapters through its Trainer. HuggingFace transformers is not a Debian
package, so this script spells out the same module structure and the same
tensor operations in plain PyTorch (Debian's python3-torch, which runs on
the same libtorch and the same OpenBLAS as the C++ build): HF's
self-attention (matmul on [B, H, T, d] views, /sqrt(d), + mask, softmax,
matmul, permute + contiguous), post-LN layers, Houlsby adapters whose masks
multiply the weights in the forward pass, every backbone weight and the
head frozen (`--unfreeze_params ef_`), SNIP at 40 % on one batch, then
steps of loss.backward(), clip_grad_norm_, the vendored AdamW and zero_grad,
timed as the Trainer's loop runs them. Same shapes, seed-0 random weights,
dropout off, as the C++ benchmark.

Prints one JSON line with the keys `bench train` prints. `--profile` adds
one more step under torch.autograd.profiler, summarised as `bench train
--profile` summarises its own: phases, self time per kind of operator,
top operators, CPU seconds per wall second. Run it with Debian's python3
(`apt install python3-torch`) and the OPENBLAS_CORETYPE our side runs.
"""
import argparse
import json
import math
import os
import re
import resource
import statistics
import sys
import time


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--seq", type=int, default=128)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--bottleneck", type=int, default=64)
    p.add_argument("--sparsity", type=float, default=0.4, help="fraction removed")
    p.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    p.add_argument("--blas-threads", type=int, default=0, help="OpenBLAS threads (0: one per core)")
    p.add_argument("--profile", action="store_true")
    p.add_argument("--weights", default="", help="`bench train|epoch --save-weights` file: our weights and batches")
    p.add_argument("--epoch", action="store_true",
                   help="train once over every batch of --weights (`bench epoch --save-weights`) and time it")
    p.add_argument("--lr", type=float, default=1e-3, help="--epoch: peak learning rate, decayed linearly to 0")
    return p.parse_args()


args = parse()
# OpenBLAS reads its thread count when it is loaded, with torch.
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(args.blas_threads or os.cpu_count()))
import ctypes  # noqa: E402

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

HIDDEN, LAYERS, HEADS, INTERMEDIATE, VOCAB, POSITIONS, EPS = 768, 12, 12, 3072, 50265, 514, 1e-5
PAD = 1


class Adapter(nn.Module):
    """PETL's Adapter_Layer, layernorm 'in', masks multiplied in forward."""

    def __init__(self, d, bn):
        super().__init__()
        self.ef_norm = nn.LayerNorm(d)
        self.ef_down = nn.Linear(d, bn)
        self.ef_up = nn.Linear(bn, d)
        self.register_buffer("down_mask", torch.ones(bn, d))
        self.register_buffer("up_mask", torch.ones(d, bn))
        for lin in (self.ef_down, self.ef_up):
            nn.init.normal_(lin.weight, std=0.02)
            nn.init.zeros_(lin.bias)

    def forward(self, x):
        h = F.relu(F.linear(self.ef_norm(x), self.ef_down.weight * self.down_mask, self.ef_down.bias))
        return F.linear(h, self.ef_up.weight * self.up_mask, self.ef_up.bias) * 1.0 + x


class Layer(nn.Module):
    def __init__(self, bn):
        super().__init__()
        self.query, self.key, self.value = (nn.Linear(HIDDEN, HIDDEN) for _ in range(3))
        self.attn_dense, self.attn_norm = nn.Linear(HIDDEN, HIDDEN), nn.LayerNorm(HIDDEN, eps=EPS)
        self.inter, self.out_dense = nn.Linear(HIDDEN, INTERMEDIATE), nn.Linear(INTERMEDIATE, HIDDEN)
        self.out_norm = nn.LayerNorm(HIDDEN, eps=EPS)
        self.ef_attn_adapter, self.ef_ffn_adapter = Adapter(HIDDEN, bn), Adapter(HIDDEN, bn)

    def heads(self, x):  # HF's transpose_for_scores
        return x.view(x.size(0), x.size(1), HEADS, HIDDEN // HEADS).permute(0, 2, 1, 3)

    def forward(self, h, mask):
        q = self.heads(self.query(h))
        k, v = self.heads(self.key(h)), self.heads(self.value(h))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(HIDDEN // HEADS) + mask
        ctx = torch.matmul(F.softmax(scores, dim=-1), v).permute(0, 2, 1, 3).contiguous()
        ctx = ctx.view(h.size(0), h.size(1), HIDDEN)
        x = self.attn_norm(self.ef_attn_adapter(self.attn_dense(ctx)) + h)
        y = self.ef_ffn_adapter(self.out_dense(F.gelu(self.inter(x))))
        return self.out_norm(y + x)


class Model(nn.Module):
    def __init__(self, bn, labels):
        super().__init__()
        self.words = nn.Embedding(VOCAB, HIDDEN, padding_idx=PAD)
        self.positions = nn.Embedding(POSITIONS, HIDDEN, padding_idx=PAD)
        self.types = nn.Embedding(1, HIDDEN)
        self.norm = nn.LayerNorm(HIDDEN, eps=EPS)
        self.layers = nn.ModuleList(Layer(bn) for _ in range(LAYERS))
        self.head_dense, self.head_out = nn.Linear(HIDDEN, HIDDEN), nn.Linear(HIDDEN, labels)

    def forward(self, ids, attention, labels):
        m = ids.ne(PAD).long()
        positions = torch.cumsum(m, 1) * m + PAD
        h = self.norm(self.words(ids) + self.types(torch.zeros_like(ids)) + self.positions(positions))
        mask = (1.0 - attention[:, None, None, :].float()) * -10000.0
        for layer in self.layers:
            h = layer(h, mask)
        logits = self.head_out(torch.tanh(self.head_dense(h[:, 0, :])))
        return F.cross_entropy(logits, labels)


class AdamW:
    """transformers.optimization.AdamW as the official code vendors it."""

    def __init__(self, groups, b1=0.9, b2=0.999, eps=1e-8):
        self.groups, self.b1, self.b2, self.eps, self.t = groups, b1, b2, eps, 0
        self.state = {p: (torch.zeros_like(p), torch.zeros_like(p)) for ps, _ in groups for p in ps}

    @torch.no_grad()
    def step(self, lr):
        self.t += 1
        size = lr * math.sqrt(1 - self.b2**self.t) / (1 - self.b1**self.t)
        for params, decay in self.groups:
            for p in params:
                if p.grad is None:
                    continue
                m, v = self.state[p]
                m.mul_(self.b1).add_(p.grad, alpha=1 - self.b1)
                v.mul_(self.b2).addcmul_(p.grad, p.grad, value=1 - self.b2)
                p.addcdiv_(m, v.sqrt().add_(self.eps), value=-size)
                if decay:
                    p.add_(p, alpha=-lr * decay)


def snip(model, params, masks, ids, attention, labels, density):
    model.eval()
    model(ids, attention, labels).backward()
    scores = [(w.grad * w).abs() for w in params]
    flat = torch.cat([s.flatten() for s in scores])
    k = math.ceil((1 - density) * flat.numel())
    threshold = torch.kthvalue(flat, k).values
    for s, mask in zip(scores, masks):
        mask.copy_((s > threshold).float())
    model.zero_grad()


# The operator kinds of core/model/op_profile.cpp (opCategory), kept in step by hand.
CATEGORIES = [
    ("matrix products (mm, addmm)", ["mm", "addmm"]),
    ("attention products (bmm)", ["bmm"]),
    ("GELU", ["gelu", "gelu_backward"]),
    ("LayerNorm", ["native_layer_norm", "native_layer_norm_backward"]),
    ("softmax", ["_softmax", "_softmax_backward_data"]),
    ("copies (copy_, clone, contiguous)", ["copy_", "clone", "contiguous", "_to_copy"]),
    ("reductions (sum, norm)", ["sum", "norm", "linalg_vector_norm", "stack"]),
    ("element-wise", "add add_ mul mul_ div div_ sub rsub addcmul_ addcdiv_ sqrt relu threshold_backward tanh "
     "tanh_backward reciprocal clamp_max fill_ zero_ ne masked_fill".split()),
    ("views, allocation, dispatch", "view permute transpose t expand select narrow slice as_strided unsqueeze "
     "squeeze reshape _reshape_alias _unsafe_view detach alias empty empty_strided empty_like resize_ to zeros "
     "zeros_like ones_like linear matmul".split()),
]


def category(name):
    if name.startswith("sa::"):
        return "outside operators"
    for label, names in CATEGORIES:
        if name.startswith("aten::") and name[6:] in names:
            return label
    if "Backward" in name or name.startswith("autograd::") or name.startswith("torch::autograd::"):
        return "autograd bookkeeping"
    return "other ops"


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    tensors = read_safetensors(args.weights) if args.weights else {}
    head = tensors.get("classifier.out_proj.weight")
    model = Model(args.bottleneck, 2 if head is None else head.shape[0])
    for name, p in model.named_parameters():
        p.requires_grad_("ef_" in name)
    trainable = [p for p in model.parameters() if p.requires_grad]
    masked = [(a.ef_down.weight, a.down_mask) for l in model.layers for a in (l.ef_attn_adapter, l.ef_ffn_adapter)]
    masked += [(a.ef_up.weight, a.up_mask) for l in model.layers for a in (l.ef_attn_adapter, l.ef_ffn_adapter)]
    decay = [p for n, p in model.named_parameters() if p.requires_grad and "bias" not in n and "norm" not in n]
    rest = [p for p in trainable if all(p is not d for d in decay)]
    optimizer = AdamW([(decay, 0.1), (rest, 0.0)])

    if args.epoch:
        return epoch(model, trainable, masked, optimizer, tensors)
    ids = torch.randint(3, VOCAB, (args.batch, args.seq))
    labels = torch.randint(0, 2, (args.batch,))
    attention = torch.ones(ids.shape, dtype=torch.long)
    if args.weights:
        train, _ = load_weights(model, tensors)
        ids, attention, labels = train[0]
    snip(model, [w for w, _ in masked], [m for _, m in masked], ids, attention, labels, 1 - args.sparsity)

    scope = torch.autograd.profiler.record_function

    def step():  # Trainer.training_step, then the clip/step/zero_grad of Trainer.train
        model.train()
        with scope("sa::forward"):
            loss = model(ids, attention, labels)
        with scope("sa::backward"):
            loss.backward()
            value = loss.item()
        with scope("sa::optimizer"):
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step(1e-4)
            model.zero_grad()
        return value

    times = []
    for _ in range(args.warmup + args.repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    times = times[args.warmup :]
    model.eval()
    evals = []
    for _ in range(args.warmup + args.repeats):
        start = time.perf_counter()
        with torch.no_grad():
            model(ids, attention, labels)
        evals.append(time.perf_counter() - start)
    evals = evals[args.warmup :]

    blas = ctypes.CDLL("libblas.so.3")
    blas.openblas_get_corename.restype = ctypes.c_char_p
    tokens = args.batch * args.seq
    out = {
        "side": "reference",
        "weights": args.weights or "random (seed 0)",
        "batch": args.batch,
        "seq": args.seq,
        "bottleneck": args.bottleneck,
        "sparsity": args.sparsity,
        "train_step_s_median": statistics.median(times),
        "tokens_per_s_train": tokens / statistics.median(times),
        "eval_s_median": statistics.median(evals),
        "eval_tokens_per_s": tokens / statistics.median(evals),
        "peak_rss_mb": peak_rss_mb(),
        "threads": torch.get_num_threads(),
        "blas_threads": blas.openblas_get_num_threads(),
        "blas_core": blas.openblas_get_corename().decode(),
        "torch": torch.__version__,
    }
    if args.profile:
        with torch.autograd.profiler.profile() as prof:
            start, cpu = time.perf_counter(), cpu_seconds()
            step()
            wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        events = sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)
        totals = {}
        for e in events:
            totals[category(e.key)] = totals.get(category(e.key), 0.0) + e.self_cpu_time_total / 1000.0
        out["profile"] = {
            "step_ms": wall * 1000.0,
            "cpu_s": cpu,
            "cpu_busy": cpu / wall,
            "phases_ms": {e.key[4:]: e.cpu_time_total / 1000.0 for e in events if e.key.startswith("sa::")},
            "categories_ms": dict(sorted(totals.items())),
            "top_ops": [{"op": e.key, "self_ms": e.self_cpu_time_total / 1000.0, "calls": e.count} for e in events[:12]],
        }
    print(json.dumps(out))


def epoch(model, trainable, masked, optimizer, tensors):
    """One epoch over our batches, as the official Trainer runs it: SNIP on
    the scoring batch, then per batch forward, backward, clip_grad_norm_,
    AdamW at the linearly decayed rate, zero_grad."""
    if not args.weights:
        sys.exit("--epoch needs --weights FILE from `sparseadapter bench epoch --save-weights FILE`")
    train, scoring = load_weights(model, tensors)
    start = time.perf_counter()
    snip(model, [w for w, _ in masked], [m for _, m in masked], *scoring[0], 1 - args.sparsity)
    model.train()
    losses, positions, tokens, steps_s = [], 0, 0, 0.0
    for step, (ids, attention, labels) in enumerate(train):
        begin = time.perf_counter()
        loss = model(ids, attention, labels)
        loss.backward()
        losses.append(loss.item())
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step(args.lr * (len(train) - step) / len(train))
        model.zero_grad()
        steps_s += time.perf_counter() - begin
        positions, tokens = positions + ids.numel(), tokens + int(attention.sum())
    wall = time.perf_counter() - start
    print(json.dumps({"side": "reference", "weights": args.weights, "wall_s": wall, "train_s": steps_s,
                      "steps": len(train), "positions": positions, "tokens": tokens,
                      "positions_per_s_train": positions / steps_s, "mean_loss": statistics.fmean(losses),
                      "peak_rss_mb": peak_rss_mb(), "threads": torch.get_num_threads(), "torch": torch.__version__}))


def read_safetensors(path):
    """The safetensors layout (8-byte header size, JSON header, raw bytes)."""
    with open(path, "rb") as f:
        data = f.read()
    size = int.from_bytes(data[:8], "little")
    header, base = json.loads(data[8 : 8 + size]), 8 + size
    types = {"F32": torch.float32, "I64": torch.int64}
    out = {}
    for name, entry in header.items():
        if name != "__metadata__":
            start, end = entry["data_offsets"]
            raw = bytearray(data[base + start : base + end])
            out[name] = torch.frombuffer(raw, dtype=types[entry["dtype"]]).reshape(entry["shape"])
    return out


# Our parameter names (HuggingFace's, with PETL's ef_ adapters) -> this model's.
RENAMES = [
    (r"^roberta\.embeddings\.word_embeddings\.", "words."),
    (r"^roberta\.embeddings\.position_embeddings\.", "positions."),
    (r"^roberta\.embeddings\.token_type_embeddings\.", "types."),
    (r"^roberta\.embeddings\.LayerNorm\.", "norm."),
    (r"^roberta\.encoder\.layer\.", "layers."),
    (r"\.attention\.self\.", "."),
    (r"\.attention\.output\.dense\.", ".attn_dense."),
    (r"\.attention\.output\.LayerNorm\.", ".attn_norm."),
    (r"\.attention\.output\.ef_attn_adapter\.", ".ef_attn_adapter."),
    (r"\.intermediate\.dense\.", ".inter."),
    (r"\.output\.dense\.", ".out_dense."),
    (r"\.output\.LayerNorm\.", ".out_norm."),
    (r"\.output\.ef_ffn_adapter\.", ".ef_ffn_adapter."),
    (r"\.adapter_layer_norm_before\.", ".ef_norm."),
    (r"\.down_proj\.", ".ef_down."),
    (r"\.up_proj\.", ".ef_up."),
    (r"^classifier\.dense\.", "head_dense."),
    (r"^classifier\.out_proj\.", "head_out."),
]


def load_weights(model, tensors):
    """Copies every parameter from --weights' `tensors`; returns its train
    and scoring batches, each a list of (input_ids, attention_mask, labels)."""
    path = args.weights
    params = dict(model.named_parameters())
    done = set()
    batches = {"train": {}, "scoring": {}}
    for name, tensor in tensors.items():
        part = name.split(".")
        if part[0] in batches:
            batches[part[0]].setdefault(int(part[1]), {})[part[2]] = tensor
            continue
        mine = name
        for pattern, replacement in RENAMES:
            mine = re.sub(pattern, replacement, mine)
        if mine not in params or params[mine].shape != tensor.shape:
            sys.exit(f"{path}: '{name}' has no counterpart here ('{mine}', shape {list(tensor.shape)})")
        with torch.no_grad():
            params[mine].copy_(tensor)
        done.add(mine)
    missing = sorted(set(params) - done)
    if missing:
        sys.exit(f"{path}: no weights for {missing[:5]}")
    def listed(part):
        return [(b["input_ids"], b.get("attention_mask", torch.ones_like(b["input_ids"])), b["labels"])
                for _, b in sorted(batches[part].items())]

    if not batches["train"] or not batches["scoring"]:
        sys.exit(f"{path}: no train.<i>.* or scoring.<i>.* batches (written by an older `--save-weights`?)")
    return listed("train"), listed("scoring")


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


if __name__ == "__main__":
    sys.exit(main())
