"""Score body-text extraction on the real-site development set (built by `build.py`).

For every site: the audit (`audit.run` on the site's folder, default settings: its body blocks), trafilatura alone
(`trafilatura.extract`, default settings, the library the audit wraps) and jusText (`justext.justext`, English
stoplist, non-boilerplate paragraphs) on the same pages, scored against each page's gold text the way the public
article-extraction benchmarks do (scrapinghub/article-extraction-benchmark `evaluate.py`): token 4-gram shingles
(`\\w+` tokens of the NFKC-normalised text), per page tp/fp/fn normalised to sum 1, precision and recall averaged over pages, F1 of the two means.
Also: pages that keep less than half of their own text (shingle recall < 0.5). trafilatura reads the text the
audit's loader decodes (`audit.ingest.load.decode`: every set's pages but dragnet's are UTF-8), jusText the bytes.
A site with a second gold folder (`gold-<name>/`: dragnet's `gold-comments`, the article with its comments) gets a
row per system scored against it too, and one whose manifest lists `splits` (dragnet's published test / training
split, folders of `pages/`) a row per split.

    .venv/bin/python benchmarks/sites/score.py                    # every built site, table to stdout
    .venv/bin/python benchmarks/sites/score.py --sites aeb --worst 10
    .venv/bin/python benchmarks/sites/score.py --json results.json
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import unicodedata
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPORA = HERE.parent / "_corpora" / "sites"
sys.path.insert(0, str(ROOT))

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    # NFKC first: the audit writes superscripts as text ("R²", "PhD¹") where the gold and the other systems
    # concatenate the tag's content ("R2", "PhD1"); NFKC makes both "R2" for every system alike.
    tokens = _TOKEN_RE.findall(unicodedata.normalize("NFKC", text or ""))
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def tp_fp_fn(gold: str, pred: str) -> tuple[float, float, float]:
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)


def metrics(scores: list[tuple[float, float, float]]) -> dict[str, float]:
    p = [_precision(*s) for s in scores if s[0] + s[1] > 0]
    r = [_recall(*s) for s in scores if s[0] + s[2] > 0]
    precision = statistics.mean(p) if p else 0.0
    recall = statistics.mean(r) if r else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# ------------------------------------------------------------------ the systems

def audit_bodies(pages_dir: Path) -> tuple[dict[str, str], object]:
    import audit
    from audit.config import Settings

    result = audit.run([pages_dir], Settings())
    blocks = result.blocks
    bodies: dict[str, list[str]] = {}
    for page_id, label, text in zip(blocks["page_id"], blocks["label"], blocks["text"]):
        if label == "body":
            bodies.setdefault(page_id, []).append(text)
    return {k: "\n".join(v) for k, v in bodies.items()}, result


def trafilatura_body(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def justext_body(html: bytes) -> str:
    import justext

    try:
        paragraphs = justext.justext(html, justext.get_stoplist("English"))
    except Exception:  # jusText raises on empty or unparsable documents
        return ""
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


# ------------------------------------------------------------------ non-prose checks (the journal's done-when)

MARKUP_RE = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>|&(?:#\d+|#x[0-9a-f]+|[a-z]{2,8});|\[\^\w+\]", re.I)


def checks(result) -> dict[str, int]:
    """Table rows and citations among the prose sentences (`sentences.csv`), markup left in any text column, and
    shared passages whose text is a citation."""
    from audit.ingest.segment import is_citation

    sentences = result.sentences
    texts = list(sentences["text"]) if len(sentences) else []
    passages = result.tables.get("passages") if hasattr(result.tables, "get") else None
    passage_texts = [] if passages is None or not len(passages) else list(passages["text_a"]) + list(passages["text_b"])
    blocks = result.blocks
    markup = sum(1 for t in list(blocks["text"]) + texts + passage_texts if MARKUP_RE.search(str(t)))
    return {
        "table_rows_in_sentences": sum(1 for t in texts if t.count(" | ") >= 1),
        "citations_in_sentences": sum(1 for t in texts if is_citation(t)),
        "text_cells_with_markup": markup,
        "citation_passages": sum(1 for t in passage_texts if is_citation(str(t))),
        "passages": len(passage_texts) // 2,
        "sentences": len(texts),
        "blocks_by_kind": {k: int(v) for k, v in blocks["kind"].value_counts().sort_index().items()},
    }


# ------------------------------------------------------------------ scoring

def _golds(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).with_suffix("").as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*.txt"))}


def score_site(site_dir: Path, worst: int = 0) -> dict:
    manifest = json.loads((site_dir / "manifest.json").read_text())
    pages_dir = site_dir / "pages"
    golds = _golds(site_dir / "gold")
    bodies, result = audit_bodies(pages_dir)
    systems: dict[str, dict[str, str]] = {"audit": bodies}
    pages = sorted(p for p in pages_dir.rglob("*") if p.is_file())
    is_html = any(p.suffix in (".html", ".htm") for p in pages)
    if is_html:
        systems["trafilatura"], systems["jusText"] = {}, {}
        from audit.ingest.load import decode

        for path in pages:
            page_id = path.relative_to(pages_dir).with_suffix("").as_posix()
            raw = path.read_bytes()  # trafilatura reads the text the audit's loader decodes (its rule, any charset)
            systems["trafilatura"][page_id] = trafilatura_body(decode(raw)[0] or "")
            systems["jusText"][page_id] = justext_body(raw)
    out: dict = {"site": manifest["site"], "pages": len(golds), "systems": {}}
    scored: dict[str, dict] = {}
    for name, texts in systems.items():
        per_page = {pid: tp_fp_fn(gold, texts.get(pid, "")) for pid, gold in golds.items() if gold.strip()}
        m = metrics(list(per_page.values()))
        m["pages_below_half"] = sorted(pid for pid, s in per_page.items() if _recall(*s) < 0.5)
        scored[name] = per_page
        out["systems"][name] = m
        if worst and name == "audit":
            ranked = sorted(per_page.items(), key=lambda kv: _recall(*kv[1]) + _precision(*kv[1]))[:worst]
            for pid, s in ranked:
                print(f"  {manifest['site']}/{pid}: P {_precision(*s):.3f} R {_recall(*s):.3f}", file=sys.stderr)
    for folder in sorted(p for p in site_dir.glob("gold-*") if p.is_dir()):  # a second gold (dragnet: with comments)
        other = {pid: g for pid, g in _golds(folder).items() if g.strip()}
        out.setdefault("other_golds", {})[folder.name] = {
            name: metrics([tp_fp_fn(g, texts.get(pid, "")) for pid, g in other.items()]) for name, texts in systems.items()}
    # the published split's folders (dragnet: pages/test, pages/training)
    for split in [s for s, n in (manifest.get("splits") or {}).items() if n]:
        out.setdefault("splits", {})[split] = {
            name: {**metrics(v := [s for pid, s in scored[name].items() if pid.startswith(f"{split}/")]), "pages": len(v)}
            for name in systems}
    out["audit_pages"] = result.pages
    out["checks"] = checks(result)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", nargs="+", default=None)
    parser.add_argument("--worst", type=int, default=0, help="list the audit's N worst pages per site")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    sites = args.sites or sorted(p.name for p in CORPORA.iterdir() if (p / "manifest.json").exists())
    rows, results = [], []
    for key in sites:
        res = score_site(CORPORA / key, args.worst)
        res.pop("audit_pages")
        results.append(res)
        for name, m in res["systems"].items():
            rows.append(f"| {key} | {res['pages']} | {name} | {m['precision']:.3f} | {m['recall']:.3f} | "
                        f"{m['f1']:.3f} | {len(m['pages_below_half'])} |")
        for gold, systems in res.get("other_golds", {}).items():
            rows += [f"| {key} | {res['pages']} | {name} ({gold}) | {m['precision']:.3f} | {m['recall']:.3f} | "
                     f"{m['f1']:.3f} | |" for name, m in systems.items()]
        for split, systems in res.get("splits", {}).items():
            rows += [f"| {key}/{split} | {m['pages']} | {name} | {m['precision']:.3f} | {m['recall']:.3f} | "
                     f"{m['f1']:.3f} | |" for name, m in systems.items()]
    print("| site | pages | system | precision | recall | F1 | pages < half |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    print("\n".join(rows))
    for res in results:
        print(f"{res['site']}: {json.dumps(res['checks'])}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
