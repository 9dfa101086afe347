#!/usr/bin/env python3
"""Seed corpora for the fuzz/ harnesses (run by tools/fuzz.sh; stdlib only).

usage: fuzz_seeds.py FIXTURES DATA README OUT MAX_LEN

Writes OUT/<target>/* from the shared fixtures and data, never into the
tree. Files are small on purpose: a fuzzer spends its time where the inputs
are short, so big fixtures are cut down to a few records that still parse
(a truncated zip or JSON would only exercise the first error), and files
above MAX_LEN are left out.
"""
import collections
import csv
import io
import json
import pathlib
import pickle
import re
import struct
import sys
import types
import zipfile

fixtures, data, readme, out = (pathlib.Path(p) for p in sys.argv[1:5])
max_len = int(sys.argv[5])


def put(target, name, content):
    if isinstance(content, str):
        content = content.encode()
    if len(content) > max_len:
        return
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / re.sub(r"[^A-Za-z0-9._-]", "_", name)).write_bytes(content)


def files(root, pattern):
    return sorted(p for p in root.rglob(pattern) if p.is_file()) if root.is_dir() else []


def rel(root, path):
    return str(path.relative_to(root))


# safetensors: every small fixture file as it is.
for p in files(fixtures, "*.safetensors"):
    put("fuzz_safetensors", rel(fixtures, p), p.read_bytes())

# config.json, tokenizer_config.json [NUL special_tokens_map.json].
for folder in sorted(p for p in (fixtures / "models").glob("*") if p.is_dir()) if (fixtures / "models").is_dir() else []:
    if (folder / "config.json").is_file():
        put("fuzz_model_config", folder.name + ".json", (folder / "config.json").read_bytes())
    if (folder / "tokenizer_config.json").is_file():
        config = (folder / "tokenizer_config.json").read_bytes()
        put("fuzz_tokenizer_config", folder.name + ".json", config)
        if (folder / "special_tokens_map.json").is_file():
            put("fuzz_tokenizer_config", folder.name + "+specials.json",
                config + b"\0" + (folder / "special_tokens_map.json").read_bytes())


# Tokenizers: the first ids of each vocabulary (plus every <special>), so a
# load takes microseconds rather than milliseconds.
def small_vocab_txt(path, lines=2000):
    return "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:lines])


def small_vocab_json(path, ids=2000):
    vocab = json.loads(path.read_text(encoding="utf-8"))
    return {t: i for t, i in vocab.items() if i < ids or re.fullmatch(r"<[a-z]+>", t)}


def small_merges(path, vocab, count=1500):
    kept = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#version") or not line.strip():
            continue
        a, _, b = line.partition(" ")
        if a in vocab and b in vocab and a + b in vocab:
            kept.append(line)
        if len(kept) == count:
            break
    return kept


for p in files(fixtures, "vocab.txt"):
    put("fuzz_vocab_txt", rel(fixtures, p), small_vocab_txt(p))
for p in files(fixtures, "vocab.json"):
    if (p.parent / "merges.txt").is_file():
        vocab = small_vocab_json(p)
        merges = small_merges(p.parent / "merges.txt", vocab)
        put("fuzz_bpe_files", rel(fixtures, p),
            json.dumps(vocab, ensure_ascii=False) + "\0#version: 0.2\n" + "\n".join(merges) + "\n")
for p in files(fixtures, "*.tokenizer.json"):
    doc = json.loads(p.read_text(encoding="utf-8"))
    features = p.with_name(p.name.replace(".tokenizer.json", ".json"))
    vocab_dir = fixtures / json.loads(features.read_text(encoding="utf-8"))["vocabulary"] if features.is_file() else None
    model = doc.get("model", {})
    if vocab_dir and model.get("type") == "WordPiece" and (vocab_dir / "vocab.txt").is_file():
        model["vocab"] = {t: i for i, t in enumerate(small_vocab_txt(vocab_dir / "vocab.txt").splitlines())}
    elif vocab_dir and (vocab_dir / "vocab.json").is_file():
        model["vocab"] = small_vocab_json(vocab_dir / "vocab.json")
        model["merges"] = small_merges(vocab_dir / "merges.txt", model["vocab"])
    else:
        continue
    put("fuzz_tokenizer_json", p.name, json.dumps(doc, ensure_ascii=False))

# GLUE: each TSV's header and first rows.
for p in files(data, "*.tsv"):
    put("fuzz_glue_tsv", rel(data, p), "".join(p.read_text(encoding="utf-8").splitlines(keepends=True)[:40]))

# SQuAD: one article with two paragraphs of each file, and predictions.
for p in files(data, "*.json"):
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except ValueError:
        continue
    if not isinstance(doc, dict) or "data" not in doc:
        continue
    article = dict(doc["data"][0], paragraphs=doc["data"][0]["paragraphs"][:2])
    put("fuzz_squad", rel(data, p), json.dumps({"data": [article], "version": doc.get("version", "1.1")}))
    answers = {q["id"]: (q["answers"] or [{"text": ""}])[0]["text"]
               for para in article["paragraphs"] for q in para["qas"]}
    put("fuzz_squad", rel(data, p) + ".predictions", json.dumps(answers))

# Summarization: each JSONL's first records, and the same as CSV.
for p in files(data, "*.jsonl"):
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)[:4]
    put("fuzz_summarization", rel(data, p), "".join(lines))
    records = [json.loads(line) for line in lines if line.strip()]
    if records:
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=list(records[0].keys()), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
        put("fuzz_summarization", rel(data, p) + ".csv", text.getvalue())

# Experiment configurations: README's JSON documents that are configs, and
# the other two task families' sections.
configs = []
for block in re.findall(r"```json\n(.*?)```", readme.read_text(encoding="utf-8") if readme.is_file() else "", re.S):
    try:
        doc = json.loads(block)
    except ValueError:
        continue
    if isinstance(doc, dict) and "task" in doc:
        configs.append(doc)
for doc in list(configs[:1]):
    configs.append(dict(doc, task={"name": "squad", "train_file": "train.json", "eval_file": "dev.json",
                                   "max_seq_length": 384, "doc_stride": 128}))
    configs.append(dict(doc, adapter={"preset": "lora", "bottleneck": 8},
                        task={"name": "xsum", "train_file": "x.jsonl", "eval_split": 10, "num_beams": 2,
                              "early_stopping": None, "forced_bos_token_id": 0},
                        pruning={"method": "none"}))
for i, doc in enumerate(configs):
    put("fuzz_experiment_config", "config%d.json" % i, json.dumps(doc, indent=2))

# Run folders: metrics.jsonl, summary.json [NUL config.json], trainer state.
evaluation = {"step": 20, "epoch": 0, "loss": 0.52, "metrics": {"accuracy": 0.81, "f1": None},
              "main": "accuracy", "main_value": 0.81, "examples": 872}
metrics = [{"type": "step", "step": 10, "epoch": 0, "loss": 0.69, "lr": 0.001, "grad_norm": 1.5, "time_s": 3.2},
           {"type": "prune", "step": 0, "density": 0.6},
           dict(evaluation, type="eval"),
           {"type": "step", "step": 20, "epoch": 1, "loss": 0.4, "lr": 0.0005, "time_s": 6.1}]
put("fuzz_metrics", "metrics.jsonl", "".join(json.dumps(r) + "\n" for r in metrics))
budget = {"backbone": 4386178, "head": 1538, "train_head": True, "adapter_weights": 24576,
          "adapter_weights_kept": 14746, "biases_and_norms": 2048, "prefix": 0, "density": 0.6,
          "trainable": 18332, "effective_trainable": 18332, "trainable_percent_of_backbone": 0.42,
          "effective_percent_of_backbone": 0.42}
summary = {"name": "sst-2_houlsby64_snip40_s42", "status": "finished", "task": "SST-2", "model": "builtin:demo",
           "adapter": "houlsby", "bottleneck": 64, "large_sparse": 1, "pruning": "snip", "sparsity": 0.4,
           "steps_done": 20, "total_steps": 20, "best": evaluation, "final": evaluation, "budget": budget,
           "timings": {"train_s": 6.1}}
put("fuzz_summary", "summary.json", json.dumps(summary))
if configs:
    put("fuzz_summary", "summary+config.json", json.dumps(summary) + "\0" + json.dumps(configs[0]))
put("fuzz_trainer_state", "trainer_state.json",
    json.dumps({"step": 20, "pruned_epochs": 1, "total_steps": 20, "steps_per_epoch": 10, "train_seconds": 6.1,
                "run_seconds": 7.0, "tokens": 5120, "best": evaluation, "last": dict(evaluation, loss=None)}))


# pytorch_model.bin: torch.save's layout (archive/data.pkl, data/<key>,
# version, byteorder; records aligned to 64 bytes) around a pickle made by
# Python's own pickler with stand-ins for torch's globals, so it holds the
# opcodes torch.save emits. The fixture .bin files are megabytes.
def fake(module, name, value):
    mod = sys.modules.setdefault(module, types.ModuleType(module))
    value.__module__, value.__qualname__ = module, name
    setattr(mod, name, value)
    return value


def _rebuild(*args):
    return None


rebuild = fake("torch._utils", "_rebuild_tensor_v2", _rebuild)
storage_types = {name: fake("torch", name, type(name, (), {}))
                 for name in ("FloatStorage", "HalfStorage", "LongStorage", "BoolStorage")}


class Storage:
    def __init__(self, key, kind, numel, size):
        self.key, self.kind, self.numel, self.size = key, kind, numel, size


class Tensor:
    def __init__(self, storage, offset, shape, stride):
        self.args = (storage, offset, tuple(shape), tuple(stride), False, collections.OrderedDict())

    def __reduce__(self):
        return (rebuild, self.args)


class Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", storage_types[obj.kind], obj.key, "cpu", obj.numel)
        return None


def torch_zip(tensors, storages):
    state = collections.OrderedDict(tensors)
    state._metadata = collections.OrderedDict([("", {"version": 1})])
    pkl = io.BytesIO()
    Pickler(pkl, protocol=2).dump(state)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        records = [("archive/data.pkl", pkl.getvalue()), ("archive/byteorder", b"little")]
        records += [("archive/data/" + s.key, bytes(range(256)) * (s.numel * s.size // 256) +
                     bytes(s.numel * s.size % 256)) for s in storages]
        records.append(("archive/version", b"3\n"))
        for name, payload in records:
            info = zipfile.ZipInfo(name)
            # torch's writer pads each local header so the data starts on 64 bytes
            offset = buffer.tell() + 30 + len(name) + 4
            info.extra = b"FB" + struct.pack("<H", -offset % 64) + bytes(-offset % 64)
            z.writestr(info, payload)
    return buffer.getvalue()


weight = Storage("0", "FloatStorage", 12, 4)
tied = Storage("1", "HalfStorage", 6, 2)
ids = Storage("2", "LongStorage", 3, 8)
put("fuzz_torch_bin", "tiny.bin", torch_zip(
    [("embeddings.weight", Tensor(weight, 0, [3, 4], [4, 1])),
     ("decoder.weight", Tensor(weight, 0, [3, 4], [4, 1])),
     ("transposed", Tensor(weight, 1, [2, 3], [1, 4])),
     ("half", Tensor(tied, 2, [4], [1])),
     ("position_ids", Tensor(ids, 0, [1, 3], [3, 1])),
     ("scalar", Tensor(ids, 2, [], []))],
    [weight, tied, ids]))
put("fuzz_torch_bin", "empty.bin", torch_zip([], []))
mask = Storage("0", "BoolStorage", 4, 1)
put("fuzz_torch_bin", "bool.bin", torch_zip([("mask", Tensor(mask, 0, [2, 2], [2, 1]))], [mask]))

for target in sorted(p.name for p in out.iterdir()):
    print("%s: %d seeds" % (target, len(list((out / target).iterdir()))), file=sys.stderr)
