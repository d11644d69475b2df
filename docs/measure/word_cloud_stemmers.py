#!/usr/bin/env python3
"""Measures Snowball's two Dutch stemmers on the open question's corpus of student answers,
as docs/BENCHMARKS.md ("Word cloud normalisation") reports them.

Each answer is folded as Kring folds it (server/src/room/open_question/normal.rs: lower case,
diacritics, punctuation, apostrophe-s, hyphens), its words stemmed by the stemmer, and joined;
then, as the Rust test `on_the_corpus_of_student_answers_nothing_different_merges` does for
Kring's rules, it counts the same-word pairs that fold to one key and the different-word
pairs (across groups, and the apart list) that do. Needs `pip install snowballstemmer` (3.x,
which has both `dutch`, the Snowball 3 algorithm, and `dutch_porter`, the older one)."""
import sys, unicodedata
from pathlib import Path
import snowballstemmer

CORPUS = Path(__file__).resolve().parents[2] / "server/tests/corpus"
JOIN = "-\u2010\u2011"
APOS = "'\u2019\u2018`\u00b4"


def fold(text):
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    words, word, i = [], "", 0
    while i < len(text):
        c = text[i]
        if c in APOS:
            nxt = text[i + 2] if i + 2 < len(text) else " "
            if i + 1 < len(text) and text[i + 1] == "s" and not (nxt.isalnum() or nxt in JOIN):
                i += 1
        elif c in JOIN:
            pass
        elif c.isalnum() or (ord(c) > 127 and not c.isspace() and unicodedata.category(c)[0] != "P"):
            word += c
        elif word:
            words.append(word)
            word = ""
        i += 1
    if word:
        words.append(word)
    return words


def groups():
    for line in (CORPUS / "open-question-answers.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            yield [a.strip() for a in line.split(" | ")]


def apart():
    for line in (CORPUS / "open-question-apart.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            a, b = line.split(" | ")
            yield a.strip(), b.strip()


def measure(stem):
    def key(text):
        words = fold(text)
        if not words or len(words) > 3:
            return None
        return " ".join(stem(w) for w in words)

    answers = [(g, a, key(a)) for g, group in enumerate(groups()) for a in group]
    merged = pairs = wrong = 0
    wrong_pairs = []
    for i, (g1, a1, k1) in enumerate(answers):
        for g2, a2, k2 in answers[i + 1:]:
            same = k1 is not None and k1 == k2
            if g1 == g2:
                pairs += 1
                merged += same
            elif same:
                wrong += 1
                wrong_pairs.append(f"{a1} = {a2}")
    for a, b in apart():
        if key(a) is not None and key(a) == key(b):
            wrong += 1
            wrong_pairs.append(f"{a} = {b} (apart)")
    return merged, pairs, wrong, wrong_pairs


for name in ["dutch", "dutch_porter"]:
    st = snowballstemmer.stemmer(name)
    merged, pairs, wrong, wrong_pairs = measure(st.stemWord)
    print(f"{name}: {merged} of {pairs} same-word pairs merged; {wrong} different-word pairs merged")
    print("   ", "; ".join(wrong_pairs))
merged, pairs, wrong, _ = measure(lambda w: w)
print(f"folding alone: {merged} of {pairs}; {wrong} wrong")
