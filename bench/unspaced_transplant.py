#!/usr/bin/env python3
"""Pages of a spaced script read as pages of a script written without spaces (stdlib only).

The multi-type page set is in languages written with spaces between words. To measure how the
extractor reads Chinese, Japanese or Thai pages with the same gold, every word of a page's text (its
text nodes, title, description metas, and the text fields of its JSON-LD) becomes a code of
characters of that script, and the spaces between such codes go, as those scripts are written. The
gold is mapped the same way. Code lengths follow the script: for Han, one character for words of up
to three letters, two for most, three for long ones (about 1.6 a word, as in running Chinese); for
Thai, three, four or six (about four). Markup, class names, addresses and numbers are untouched.

Scoring cuts texts into tokens as eval_pages.py does, except that each character of the script is a
token of its own (a run of them has no word boundaries to cut at); a reading of the original pages
is mapped through the same codes, so both are scored alike.

Usage:
  unspaced_transplant.py make DATA_DIR OUT_DIR [han|thai]
  fathom extract --json OUT_DIR/html/*.html > transplanted.jsonl
  fathom extract --json DATA_DIR/html/*.html.gz > original.jsonl
  unspaced_transplant.py score DATA_DIR OUT_DIR original.jsonl transplanted.jsonl
"""
import gzip
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

SCRIPTS = {
    "han": (0x4E00, 20000, lambda n: 1 if n <= 3 else 2 if n <= 8 else 3, "\u4e00-\u9fff"),
    "thai": (0x0E01, 46, lambda n: 3 if n <= 3 else 4 if n <= 8 else 6, "\u0e01-\u0e2e"),
}
WORD = re.compile(r"&#?\w+;|[^\W\d_]+")
JSON_WORD = re.compile(r"\\u[0-9a-fA-F]{4}|\\.|&#?\w+;|[^\W\d_]+")
FULL_WIDTH = {".": "\u3002", ",": "\uff0c", "?": "\uff1f", "!": "\uff01", ":": "\uff1a", ";": "\uff1b"}
LD_TEXT = re.compile(r'("(?:articleBody|description|name|headline|text|reviewBody|abstract|alternativeHeadline)"\s*:\s*")((?:[^"\\]|\\.)*)(")')
META = re.compile(r'(<meta\b[^>]*(?:name|property)=["\'](?:description|og:title|og:description|twitter:title|twitter:description)["\'][^>]*content=")([^"]*)(")', re.I)
PARTS = re.compile(r"(<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>|<[^>]*>)", re.S | re.I)


class Codes:
    def __init__(self, script):
        self.script = script
        self.first, self.size, self.length, chars = SCRIPTS[script]
        self.between = re.compile(f"(?<=[{chars}\u3002\uff0c\uff1f\uff01\uff1a\uff1b])[ \\t]+(?=[{chars}])")
        self.token = re.compile(f"[{chars}]|\\w+")
        self.known = {}

    def code(self, word):
        word = word.lower()
        if word not in self.known:
            h = int(hashlib.md5(word.encode()).hexdigest(), 16)
            chars = []
            for _ in range(self.length(len(word))):
                chars.append(chr(self.first + h % self.size))
                h //= self.size
            self.known[word] = "".join(chars)
        return self.known[word]

    def text(self, s):
        s = WORD.sub(lambda m: m.group(0) if m.group(0).startswith("&") else self.code(m.group(0)), s)
        if self.script == "han":
            s = re.sub(r"([.,?!:;])(?=\s|$)", lambda m: FULL_WIDTH[m.group(1)], s)
        return self.between.sub("", s)

    def json_text(self, s):
        s = JSON_WORD.sub(lambda m: m.group(0) if m.group(0)[0] in "\\&" else self.code(m.group(0)), s)
        return self.between.sub("", s)

    def markup(self, html):
        out = []
        for part in PARTS.split(html):
            if not part.startswith("<"):
                out.append(self.text(part))
            elif re.match(r"<script[^>]*ld\+json", part, re.I):
                out.append(LD_TEXT.sub(lambda m: m.group(1) + self.json_text(m.group(2)) + m.group(3), part))
            else:
                out.append(META.sub(lambda m: m.group(1) + self.text(m.group(2)) + m.group(3), part))
        return "".join(out)


def make(data, out, script):
    codes = Codes(script)
    (out / "html").mkdir(parents=True, exist_ok=True)
    (out / "ground-truth").mkdir(parents=True, exist_ok=True)
    for f in sorted((data / "ground-truth").glob("*.json")):
        doc = json.load(open(f, encoding="utf-8"))
        html = gzip.open(data / "html" / (f.stem + ".html.gz"), "rt", encoding="utf-8", errors="replace").read()
        # A byte-order mark: the file is UTF-8 whatever charset the page declared.
        (out / "html" / (f.stem + ".html")).write_text(codes.markup(html), encoding="utf-8-sig")
        gt = doc.get("ground_truth") or {}
        gt["main_content"] = codes.text(gt.get("main_content") or "")
        doc["ground_truth"] = gt
        json.dump(doc, open(out / "ground-truth" / f.name, "w", encoding="utf-8"), ensure_ascii=False)
    json.dump({"script": script, "codes": codes.known}, open(out / "codes.json", "w", encoding="utf-8"), ensure_ascii=False)


def f1(pred, gold, token):
    p, r = token.findall(pred.lower()), token.findall(gold.lower())
    if not r:
        return 1.0 if not p else 0.0
    overlap = sum((Counter(p) & Counter(r)).values())
    return 2 * overlap / (len(p) + len(r)) if p else 0.0


def page_type_of(doc):
    """The page's type as eval_pages.py reads it."""
    t = (doc.get("_internal") or {}).get("page_type") or {}
    t = t.get("primary", "article") if isinstance(t, dict) else (t or "article")
    return "collection" if t == "category" else t


def score(data, out, predictions):
    saved = json.load(open(out / "codes.json", encoding="utf-8"))
    codes = Codes(saved["script"])
    codes.known = saved["codes"]
    golds = {f.stem: json.load(open(f, encoding="utf-8")) for f in sorted((out / "ground-truth").glob("*.json"))}
    types = ["article", "documentation", "service", "forum", "collection", "listing", "product"]
    print(f"{'predictions':<28} {'mean':>7} " + " ".join(f"{t[:7]:>7}" for t in types))
    for path in predictions:
        texts = {}
        for line in open(path, encoding="utf-8"):
            if line.strip():
                row = json.loads(line)
                name = Path(row["input"]).name
                texts[name.split(".")[0]] = (row.get("text") or "", name.endswith(".gz"))
        by_type, all_f1 = defaultdict(list), []
        for stem, doc in golds.items():
            text, original = texts.get(stem, ("", False))
            value = f1(codes.text(text) if original else text, doc["ground_truth"].get("main_content") or "", codes.token)
            page_type = page_type_of(doc)
            by_type[page_type].append(value)
            all_f1.append(value)
        mean = lambda xs: sum(xs) / len(xs) if xs else 0.0
        print(f"{str(path)[-28:]:<28} {mean(all_f1):7.4f} " + " ".join(f"{mean(by_type[t]):7.4f}" for t in types))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "make":
        make(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "han")
    elif len(sys.argv) >= 5 and sys.argv[1] == "score":
        score(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4:])
    else:
        print(__doc__)
        sys.exit(2)
