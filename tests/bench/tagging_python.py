#!/usr/bin/env python3
"""P2's yardstick: the Python `drug-named-entity-recognition` library on the text that
`cargo bench --bench tagging` tags.

Usage: tagging_python.py POSTS.jsonl REPEAT LEXICON_DIR

Installs the library with pip if it is missing. Tags the texts of POSTS.jsonl repeated REPEAT times
(one `find_drugs` call per post, tokens from a simple word regex, the way its README calls it), twice:
with Rounds' cleaned drug lexicon loaded in place of the library's own (`drugs.tsv` plus the drug rows
of `abbreviations.tsv`; the library keeps its lexicon in module-level dicts and documents
`add_custom_drug_synonym`, so the dicts are cleared and refilled with it), and with its bundled
lexicon. For each: throughput, and drug precision on POSTS.jsonl, where a found drug counts as right
when its canonical name and its surface text equal a labelled drug's, case-insensitively. Prints
one JSON object.
"""

import json
import re
import subprocess
import sys
import time

try:
    from drug_named_entity_recognition import drugs_finder
except ImportError:
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "drug-named-entity-recognition"],
        check=True,
    )
    from drug_named_entity_recognition import drugs_finder

from importlib.metadata import version

TOKEN = re.compile(r"[A-Za-z0-9\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F'\-]*")


def tokens(text):
    return TOKEN.findall(text)


def found(text):
    out = []
    for data, start, end in drugs_finder.find_drugs(tokens(text), is_ignore_case=True):
        out.append((str(data.get("name", "")).lower(), data["matching_string"].lower()))
    return out


def load_rounds_lexicon(lexicon_dir):
    for table in (
        drugs_finder.drug_variant_to_canonical,
        drugs_finder.drug_canonical_to_data,
        drugs_finder.drug_variant_to_variant_data,
        drugs_finder.ngram_to_variant,
        drugs_finder.variant_to_ngrams,
    ):
        table.clear()
    rows = []
    with open(f"{lexicon_dir}/drugs.tsv", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            variant, canonical = line.rstrip("\n").split("\t")[:2]
            if variant == "variant" and canonical == "canonical":
                continue
            rows.append((variant, canonical))
    with open(f"{lexicon_dir}/abbreviations.tsv", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[1] == "drug":
                rows.append((parts[0], parts[2]))
    for variant, canonical in rows:
        drugs_finder.add_custom_drug_synonym(variant, canonical)
        # The library reports a canonical's data; its `name` is the canonical as Rounds writes it.
        drugs_finder.drug_canonical_to_data[canonical.lower()] = {"name": canonical}
    return len(rows)


def measure(posts, repeat):
    texts = [p["text"] for p in posts]
    size = sum(len(t.encode("utf-8")) for t in texts) * repeat
    started = time.perf_counter()
    n = 0
    for _ in range(repeat):
        for text in texts:
            n += len(found(text))
    seconds = time.perf_counter() - started
    hits = predicted = expected = 0
    for post in posts:
        labels = {}
        for e in post["entities"]:
            if e["kind"] == "drug":
                key = (e["canonical"].lower(), e["text"].lower())
                labels[key] = labels.get(key, 0) + 1
                expected += 1
        for key in found(post["text"]):
            predicted += 1
            if labels.get(key, 0) > 0:
                labels[key] -= 1
                hits += 1
    return {
        "mb": size / 1e6,
        "seconds": seconds,
        "mb_per_s": size / 1e6 / seconds,
        "posts_per_s": len(texts) * repeat / seconds,
        "entities": n,
        "hits": hits,
        "predicted": predicted,
        "expected": expected,
        "precision": hits / max(predicted, 1),
        "recall": hits / max(expected, 1),
    }


def main():
    posts_path, repeat, lexicon_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(posts_path, encoding="utf-8") as f:
        posts = [json.loads(line) for line in f if line.strip()]
    drugs_finder.reset_drugs_data()
    bundled = measure(posts, repeat)
    bundled["variants"] = len(drugs_finder.drug_variant_to_canonical)
    variants = load_rounds_lexicon(lexicon_dir)
    rounds = measure(posts, repeat)
    rounds["variants"] = variants
    print(
        json.dumps(
            {
                "library": "drug-named-entity-recognition " + version("drug-named-entity-recognition"),
                "python": sys.version.split()[0],
                "custom_lexicon_supported": True,
                "rounds_lexicon": rounds,
                "bundled_lexicon": bundled,
            }
        )
    )


if __name__ == "__main__":
    main()
