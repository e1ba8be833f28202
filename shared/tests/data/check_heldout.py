#!/usr/bin/env python3
"""Validate a held-out optimizer evaluation set (one folder of documents).

Standard library only. Usage: python3 check_heldout.py FOLDER
Exits non-zero if any document is malformed or a set-level constraint fails. The set-level
constraints are the ones each set's writer was given (`SETS`, by folder name).
"""
import json
import os
import re
import sys
from collections import Counter

CONTENT_TYPES = {"MEDICAL_REPORT", "PATIENT_HISTORY", "LAB_RESULTS",
                 "PRESCRIPTION", "DIAGNOSIS", "GENERAL"}
CATEGORIES = ["diagnosis", "finding", "symptom", "procedure", "device", "organism",
              "medication", "value", "negation", "allergy", "qualifier"]
NEGATION_WORDS = {"no", "not", "denies", "negative", "without", "never", "none"}
CLINICAL = {"finding", "diagnosis", "symptom"}
NAME_RE = re.compile(r"^(\d{2,})-[a-z0-9-]+\.json$")


def words(text):
    return re.findall(r"[a-z']+", text.lower())


def is_plain_clinical(fact):
    """finding/diagnosis/symptom with no digit and no negation word."""
    if fact.get("category") not in CLINICAL:
        return False
    text = fact.get("text", "")
    if any(ch.isdigit() for ch in text):
        return False
    return not (set(words(text)) & NEGATION_WORDS)


def check_doc(path, name, errors):
    def err(msg):
        errors.append(f"{name}: {msg}")

    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        err(f"cannot parse JSON: {exc}")
        return None
    if not isinstance(doc, dict):
        err("top level is not an object")
        return None
    expected = {"id", "contentType", "kind", "content", "facts", "order"}
    if set(doc) != expected:
        err(f"keys {sorted(doc)} != {sorted(expected)}")
    if doc.get("id") != name[:-5]:
        err(f"id {doc.get('id')!r} does not match file name")
    if doc.get("contentType") not in CONTENT_TYPES:
        err(f"invalid contentType {doc.get('contentType')!r}")
    if not isinstance(doc.get("kind"), str) or not doc.get("kind").strip():
        err("kind missing or empty")
    content = doc.get("content")
    if not isinstance(content, str) or not content.strip():
        err("content missing or empty")
        return None

    facts = doc.get("facts")
    if not isinstance(facts, list) or not facts:
        err("facts missing or empty")
        facts = []
    for i, fact in enumerate(facts):
        if not isinstance(fact, dict) or set(fact) != {"text", "category"}:
            err(f"fact #{i} must be an object with exactly 'text' and 'category'")
            continue
        text, cat = fact["text"], fact["category"]
        if cat not in CATEGORIES:
            err(f"fact #{i} {text!r}: invalid category {cat!r}")
        if not isinstance(text, str) or not text.strip():
            err(f"fact #{i}: empty text")
            continue
        if text != text.strip():
            err(f"fact #{i} {text!r}: leading/trailing whitespace")
        if "\n" in text:
            err(f"fact #{i} {text!r}: spans more than one line")
        if text not in content:
            err(f"fact #{i} {text!r}: not an exact substring of content")
        if len(words(text)) < 1 or len(text) < 4:
            err(f"fact #{i} {text!r}: too short to be a meaningful phrase")

    order = doc.get("order")
    if not isinstance(order, list) or not (2 <= len(order) <= 6):
        err("order must be a list of 2-6 strings")
        order = []
    last = -1
    for i, entry in enumerate(order):
        if not isinstance(entry, str) or not entry:
            err(f"order #{i}: not a non-empty string")
            continue
        n = content.count(entry)
        if n != 1:
            err(f"order #{i} {entry!r}: occurs {n} times (must be exactly once)")
            continue
        pos = content.index(entry)
        if pos <= last:
            err(f"order #{i} {entry!r}: out of order")
        last = pos
    return doc


# Per set: fewest documents, fewest per contentType, fewest qualifier facts, and how many long
# documents of which length. Sets 2 and 3 were briefed smaller than set 1.
SETS = {
    "optimizer-heldout": {"docs": 44, "per_type": 5, "qualifiers": 40, "long": (700, 1100, 6)},
    "optimizer-heldout-2": {"docs": 28, "per_type": 4, "qualifiers": 35, "long": (600, 1000, 5)},
    "optimizer-heldout-3": {"docs": 28, "per_type": 4, "qualifiers": 35, "long": (600, 1000, 5)},
    "optimizer-heldout-4": {"docs": 28, "per_type": 4, "qualifiers": 35, "long": (600, 1000, 5)},
    "optimizer-heldout-5": {"docs": 28, "per_type": 4, "qualifiers": 35, "long": (600, 1000, 5)},
    "optimizer-heldout-6": {"docs": 28, "per_type": 4, "qualifiers": 35, "long": (600, 1000, 5)},
    "optimizer-heldout-7": {"docs": 28, "per_type": 4, "qualifiers": 35, "long": (600, 1000, 5)},
    "optimizer-heldout-8": {"docs": 24, "per_type": 4, "qualifiers": 35, "long": (700, 1100, 2)},
    "optimizer-heldout-9": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-10": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-11": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-12": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-13": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-14": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-15": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-16": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-17": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-18": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-19": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-20": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-21": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-22": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-23": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-24": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-25": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-26": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-27": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-28": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-29": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-30": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-31": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-32": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-33": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-34": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-35": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-36": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-37": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-38": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-39": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-40": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-41": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-42": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-43": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-44": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-45": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-46": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-47": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-48": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-49": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-50": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-51": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-52": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-53": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-54": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-55": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-56": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-57": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-58": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-59": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-60": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-61": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-62": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-63": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-64": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-65": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-66": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-67": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-68": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-69": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-70": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-71": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (710, 1100, 3)},
    "optimizer-heldout-72": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-73": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-74": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-75": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-76": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-77": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-78": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-79": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-80": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-81": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-82": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-83": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-84": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-85": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-86": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-87": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-88": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-89": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-90": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-91": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-92": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-93": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-94": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
    "optimizer-heldout-95": {"docs": 30, "per_type": 5, "qualifiers": 35, "long": (700, 1100, 3)},
}


def main():
    if len(sys.argv) != 2:
        print("usage: check_heldout.py FOLDER", file=sys.stderr)
        return 2
    folder = sys.argv[1]
    limits = SETS.get(os.path.basename(os.path.normpath(folder)))
    if limits is None:
        print(f"unknown set {folder!r}; known: {', '.join(SETS)}", file=sys.stderr)
        return 2
    long_min, long_max, long_count = limits["long"]
    errors = []
    docs = []
    names = sorted(f for f in os.listdir(folder) if f.endswith(".json"))
    numbers = []
    for name in names:
        m = NAME_RE.match(name)
        if not m:
            errors.append(f"{name}: file name must look like NN-slug.json")
        else:
            numbers.append(int(m.group(1)))
        doc = check_doc(os.path.join(folder, name), name, errors)
        if doc is not None:
            docs.append((name, doc))
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        errors.append(f"file numbers are not 01..{len(numbers):02d} without gaps/duplicates")

    cat_counts = Counter()
    ct_counts = Counter()
    total_facts = 0
    plain = 0
    clinical = 0
    wc = {}
    print(f"{'document':45s} {'type':16s} {'words':>6s} {'facts':>6s}")
    for name, doc in docs:
        facts = [f for f in doc.get("facts", []) if isinstance(f, dict)]
        ct_counts[doc.get("contentType")] += 1
        n_words = len(doc["content"].split())
        wc[name] = n_words
        for f in facts:
            cat_counts[f.get("category")] += 1
            total_facts += 1
            if f.get("category") in CLINICAL:
                clinical += 1
            if is_plain_clinical(f):
                plain += 1
        print(f"{name[:-5]:45s} {doc.get('contentType', '?'):16s} {n_words:6d} {len(facts):6d}")

    print("\nFacts per category:")
    for cat in CATEGORIES:
        print(f"  {cat:12s} {cat_counts[cat]:5d}")
    print(f"  {'TOTAL':12s} {total_facts:5d}")
    share_all = plain / total_facts if total_facts else 0.0
    share_clin = plain / clinical if clinical else 0.0
    print(f"\nFindings/diagnoses/symptoms without digits or negation words: {plain}")
    print(f"  share of all facts: {share_all:.1%}")
    print(f"  share of finding/diagnosis/symptom facts: {share_clin:.1%}")

    print("\nDocuments per contentType:")
    for ct in sorted(CONTENT_TYPES):
        print(f"  {ct:16s} {ct_counts[ct]:3d}")
    if wc:
        vals = sorted(wc.values())
        print(f"\nWord counts: min {vals[0]}, max {vals[-1]}, median {vals[len(vals) // 2]}; "
              f"{sum(1 for v in vals if v <= 60)} docs <= 60 words, "
              f"{sum(1 for v in vals if long_min <= v <= long_max)} docs of {long_min}-{long_max} words")

    # Set-level constraints from the brief.
    if len(docs) < limits["docs"]:
        errors.append(f"only {len(docs)} documents (need >= {limits['docs']})")
    for ct in CONTENT_TYPES:
        if ct_counts[ct] < limits["per_type"]:
            errors.append(f"contentType {ct} has {ct_counts[ct]} documents (need >= {limits['per_type']})")
    if total_facts and share_all < 0.5:
        errors.append(f"plain findings/diagnoses/symptoms are {share_all:.1%} of facts (need >= 50%)")
    if cat_counts["qualifier"] < limits["qualifiers"]:
        errors.append(f"only {cat_counts['qualifier']} qualifier facts (need >= {limits['qualifiers']})")
    for cat in CATEGORIES:
        if cat_counts[cat] < 10:
            errors.append(f"category {cat} has only {cat_counts[cat]} facts (need >= 10)")
    if sum(1 for v in wc.values() if long_min <= v <= long_max) < long_count:
        errors.append(f"fewer than {long_count} documents of {long_min}-{long_max} words")
    if sum(1 for v in wc.values() if 20 <= v <= 60) < 3:
        errors.append("fewer than 3 very short documents (20-60 words)")
    if any(v > 1100 for v in wc.values()):
        errors.append("a document exceeds 1100 words: " +
                      ", ".join(n for n, v in wc.items() if v > 1100))

    if errors:
        print(f"\n{len(errors)} ERROR(S):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK: all checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
