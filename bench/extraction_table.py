#!/usr/bin/env python3
"""Per-page article-extraction scores as a Markdown table, scored by ../shared/tools/eval_extraction.py.

Usage (from the repository root):
  python3 bench/extraction_table.py PREDICTIONS.json [BASELINE.json]
Prints one row per page (worst first): id, host, precision, recall and F1 of PREDICTIONS, and the
F1 of BASELINE when given; then the overall scores.
"""
import json, os, sys
from urllib.parse import urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared"))
sys.path.insert(0, os.path.join(SHARED, "tools"))
import eval_extraction as scorer  # noqa: E402

def page_scores(truth, pred, key):
    tp, fp, fn = scorer.page_counts(truth[key].get("articleBody", ""), pred.get(key, ""))
    p = scorer.ratio(tp, fp, tp, fp, fn)
    r = scorer.ratio(tp, fn, tp, fp, fn)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)

def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    truth = json.load(open(os.path.join(SHARED, "data", "extraction", "ground-truth.json"), encoding="utf-8"))
    pred = scorer.load_predictions(sys.argv[1])
    base = scorer.load_predictions(sys.argv[2]) if len(sys.argv) == 3 else None
    rows = []
    for key in truth:
        p, r, f = page_scores(truth, pred, key)
        b = page_scores(truth, base, key)[2] if base is not None else None
        host = urlparse(truth[key].get("url", "")).netloc.removeprefix("www.")
        rows.append((f, key, host, p, r, b))
    rows.sort()
    print("| page | site | precision | recall | F1 |" + (" baseline F1 |" if base is not None else ""))
    print("|---|---|---:|---:|---:|" + ("---:|" if base is not None else ""))
    for f, key, host, p, r, b in rows:
        print(f"| {key[:12]} | {host} | {p:.3f} | {r:.3f} | {f:.3f} |" + (f" {b:.3f} |" if b is not None else ""))
    print()
    print("overall:", json.dumps(scorer.score(truth, pred)))
    if base is not None:
        print("baseline:", json.dumps(scorer.score(truth, base)))

if __name__ == "__main__":
    main()
