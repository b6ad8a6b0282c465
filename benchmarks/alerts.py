"""Topic alerts: recall and precision of the alert score, and where to put ``alert_min_score``.

The development articles arrive as a feed would bring them (the headline apart from
the text, not as its first line), in rounds of ``--round`` new articles over an
index of them all; each followed topic is matched against the new articles of a
round exactly as the bot does (the search's best candidates, then the score). Two
kinds of topic:

- **headline topics**: the exact headline of an article. The article is the one
  positive; any other article alerted for it is a false alert.
- **key phrases**: names taken from the headlines (capitalised words, one or two, not
  the headline's first word), e.g. «Trump», «Erna Solberg». An article is *about* the
  name when its headline has it or its text names it at least three times; it only
  *mentions* it when the text names it exactly once (twice is neither, and not
  counted). Positives are the articles about it, false alerts those that only mention it.

Recall is the share of positives alerted; precision the share of alerts that go to
positives. Two scores are compared side by side, each over a sweep of thresholds:
``aboutness`` (what the bot uses, :mod:`retrieval.ranking.aboutness`) and ``passage``
(the best passage's answer score, what the bot used before). ``alert_min_score`` is
the aboutness threshold with the best F1 over both kinds of topic together.

    python benchmarks/alerts.py [--articles PATH] [--round N] [--orders N] [--json]
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.devset import dev_set_parser  # noqa: E402
from retrieval.index.passage_index import IndexSettings, PassageIndex  # noqa: E402
from retrieval.news.article import Article  # noqa: E402
from retrieval.news.loaders import load_corpus  # noqa: E402
from retrieval.ranking.aboutness import CANDIDATES, AboutnessScorer  # noqa: E402
from retrieval.ranking.retriever import Retriever  # noqa: E402

SEED = 20
ABOUT_MENTIONS = 3
THRESHOLDS = {
    "aboutness": [round(t, 2) for t in np.arange(0.30, 1.001, 0.05)],
    "passage": sorted([1.65] + [round(t, 2) for t in np.arange(0.8, 2.41, 0.1)]),  # 1.65: its former setting
}
_NAME = re.compile(r"[A-ZÆØÅ][a-zæøåé]+(?:-[A-ZÆØÅ]?[a-zæøåé]+)?")
_PUNCTUATION = ".,:;!?«»\"'()"
_SENTENCE_ENDS = ".:!?"


@dataclass
class Tally:
    """Alerts and positives counted at one threshold."""

    positives: int = 0
    alerted_positives: int = 0
    false_alerts: int = 0

    @property
    def recall(self) -> float:
        return 100 * self.alerted_positives / self.positives if self.positives else 0.0

    @property
    def precision(self) -> float:
        alerts = self.alerted_positives + self.false_alerts
        return 100 * self.alerted_positives / alerts if alerts else 100.0

    def add(self, other: Tally) -> Tally:
        return Tally(
            self.positives + other.positives,
            self.alerted_positives + other.alerted_positives,
            self.false_alerts + other.false_alerts,
        )


@dataclass
class Judged:
    """For one topic in one round: the candidates' scores and labels, and all positives in the round."""

    positives: int
    candidates: list[tuple[dict[str, float], bool | None]] = field(default_factory=list)  # scores, True/False/None

    def tally(self, scorer: str, threshold: float) -> Tally:
        alerted = [label for scores, label in self.candidates if scores[scorer] >= threshold]
        return Tally(self.positives, sum(label is True for label in alerted), sum(label is False for label in alerted))


def feed_shaped(articles: Iterable[Article]) -> list[Article]:
    """Articles as a feed brings them: the headline apart, not repeated as the text's first line."""
    shaped = []
    for article in articles:
        first, _, rest = article.text.partition("\n")
        text = rest if first.strip() == article.headline.strip() and rest.strip() else article.text
        shaped.append(Article(article.id, article.headline, text, article.date, article.source, article.url))
    return shaped


def mentions(phrase: str, text: str) -> int:
    """Times ``phrase`` is named in ``text`` (with a genitive or definite ending)."""
    return len(re.findall(rf"\b{re.escape(phrase)}(?:s|en|ens|ene)?\b", text))


def is_about(phrase: str, article: Article) -> bool | None:
    """True when ``article`` is about ``phrase``, False when it only mentions it, None otherwise."""
    if mentions(phrase, article.headline):
        return True
    count = mentions(phrase, article.text)
    return True if count >= ABOUT_MENTIONS else False if count == 1 else None


def key_phrases(articles: Sequence[Article], limit: int, is_content: Callable[[str], bool]) -> list[str]:
    """Names from the headlines that some articles are about and others only mention.

    A name is a capitalised content word, or two in a row, that does not start the
    headline or a sentence in it (those are capitalised anyway: «Nå», «Det»).
    """
    found: Counter[str] = Counter()
    for article in articles:
        words = [w.strip(_PUNCTUATION) for w in article.headline.split()]
        starts = {0} | {i + 1 for i, w in enumerate(article.headline.split()) if w[-1:] in _SENTENCE_ENDS or w in "–-"}
        names = [bool(_NAME.fullmatch(w)) and is_content(w) and i not in starts for i, w in enumerate(words)]
        for i, word in enumerate(words):
            if names[i]:
                found[word] += 1
            if i and names[i] and names[i - 1]:
                found[f"{words[i - 1]} {word}"] += 1
    phrases = []
    for phrase, _ in sorted(found.items(), key=lambda item: (-item[1], item[0])):
        labels = [is_about(phrase, a) for a in articles]
        if any(label is True for label in labels) and any(label is False for label in labels):
            phrases.append(phrase)
        if len(phrases) == limit:
            break
    return phrases


def judge(
    retriever: Retriever,
    scorer: AboutnessScorer,
    topic: str,
    round_mask: np.ndarray,
    label_of: dict[str, bool | None],
) -> Judged:
    """The candidates the bot would consider for ``topic`` in one round, scored both ways and labelled."""
    weights = scorer.topic_weights(topic)
    judged = Judged(positives=sum(label is True for label in label_of.values()))
    for found in retriever.answer(topic, k=CANDIDATES, max_per_article=1, allowed_articles=round_mask).results:
        scores = {"aboutness": scorer.score(weights, found.article), "passage": found.score}
        judged.candidates.append((scores, label_of.get(found.article.id)))
    return judged


def judge_rounds(
    retriever: Retriever, scorer: AboutnessScorer, names: Sequence[str], round_size: int, seed: int
) -> dict[str, list[Judged]]:
    """Every topic in every round of one random order of the articles."""
    articles = retriever.articles
    positions = list(range(len(articles)))
    random.Random(seed).shuffle(positions)
    judged: dict[str, list[Judged]] = {"headline": [], "key phrase": []}
    for start in range(0, len(positions), round_size):
        members = positions[start : start + round_size]
        mask = np.zeros(len(articles), dtype=bool)
        mask[members] = True
        in_round = [articles[p] for p in members]
        for article in in_round:
            labels = {other.id: other.id == article.id for other in in_round}
            judged["headline"].append(judge(retriever, scorer, article.headline, mask, labels))
        for name in names:
            labels = {other.id: is_about(name, other) for other in in_round}
            if any(label is True for label in labels.values()):
                judged["key phrase"].append(judge(retriever, scorer, name, mask, labels))
    return judged


def row(score_name: str, threshold: float, judged: dict[str, list[Judged]]) -> dict:
    """Recall, precision and F1 at one threshold, per kind of topic and together."""
    kinds = {kind: _sum(j.tally(score_name, threshold) for j in items) for kind, items in judged.items()}
    both = kinds["headline"].add(kinds["key phrase"])
    return {
        "score": score_name,
        "threshold": threshold,
        "headline_recall": round(kinds["headline"].recall, 1),
        "headline_precision": round(kinds["headline"].precision, 1),
        "phrase_recall": round(kinds["key phrase"].recall, 1),
        "phrase_precision": round(kinds["key phrase"].precision, 1),
        "recall": round(both.recall, 1),
        "precision": round(both.precision, 1),
        "f1": round(_f1(both), 1),
    }


def measure(articles: Sequence[Article], round_size: int, phrases: int, seeds: int) -> dict:
    """Tallies per score and threshold over ``seeds`` orders of the articles, pooled, with per-order ranges."""
    retriever = Retriever(PassageIndex.build(articles, IndexSettings()))
    scorer = AboutnessScorer(retriever.index)
    names = key_phrases(articles, phrases, lambda word: bool(retriever.index.analyzer(word)))
    runs = [judge_rounds(retriever, scorer, names, round_size, SEED + n) for n in range(seeds)]
    pooled = {kind: [j for run in runs for j in run[kind]] for kind in runs[0]}
    table = [row(name, threshold, pooled) for name, thresholds in THRESHOLDS.items() for threshold in thresholds]
    # The best F1; of equals, the lowest threshold: it tolerates topics worded unlike any headline.
    best = {name: max((r for r in table if r["score"] == name), key=lambda r: (r["f1"], -r["threshold"])) for name in THRESHOLDS}
    for chosen in best.values():
        per_run = [row(chosen["score"], chosen["threshold"], run) for run in runs]
        chosen["range"] = {m: [min(r[m] for r in per_run), max(r[m] for r in per_run)] for m in ("recall", "precision", "f1")}
    return {
        "articles": len(articles),
        "round_size": round_size,
        "orders": seeds,
        "headline_topics": len(pooled["headline"]) // seeds,
        "key_phrases": len(names),
        "phrase_rounds": len(pooled["key phrase"]),
        "table": table,
        "best": best,
    }


def _sum(tallies: Iterable[Tally]) -> Tally:
    total = Tally()
    for tally in tallies:
        total = total.add(tally)
    return total


def _f1(tally: Tally) -> float:
    p, r = tally.precision, tally.recall
    return 2 * p * r / (p + r) if p + r else 0.0


COLUMNS = ("score", "threshold", "headline_recall", "headline_precision", "phrase_recall", "phrase_precision", "recall", "precision", "f1")


def print_report(report: dict) -> None:
    print(
        f"{report['articles']} articles in rounds of {report['round_size']}, {report['orders']} random orders; "
        f"{report['headline_topics']} headline topics, {report['key_phrases']} key phrases "
        f"({report['phrase_rounds']} phrase-rounds with an article about the phrase); figures pooled over the orders"
    )
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for row in report["table"]:
        print("| " + " | ".join(str(row[c]) for c in COLUMNS) + " |")
    print("\nbest F1 per score:")
    for name, best in report["best"].items():
        spans = {m: "{}–{}".format(*best["range"][m]) for m in ("recall", "precision", "f1")}
        print(
            f"  {name:<10} threshold {best['threshold']}: recall {best['recall']}% ({spans['recall']})  "
            f"precision {best['precision']}% ({spans['precision']})  F1 {best['f1']} ({spans['f1']})"
        )
    about, passage = report["best"]["aboutness"], report["best"]["passage"]
    print(
        f"aboutness against passage at their best: recall {about['recall'] - passage['recall']:+.1f}, "
        f"precision {about['precision'] - passage['precision']:+.1f}, F1 {about['f1'] - passage['f1']:+.1f} points"
    )


def main(argv: list[str] | None = None) -> None:
    parser = dev_set_parser(__doc__)
    parser.add_argument("--round", type=int, default=40, help="new articles per feed round (default 40)")
    parser.add_argument("--phrases", type=int, default=80, help="key phrases to follow (default 80)")
    parser.add_argument("--orders", type=int, default=3, help="random orders of the articles into rounds (default 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    articles = feed_shaped(load_corpus(args.articles).articles)
    report = measure(articles, args.round, args.phrases, args.orders)
    if args.json:
        print(json.dumps(report))
    else:
        print_report(report)


if __name__ == "__main__":
    main()
