"""Where to put the "nothing relevant" thresholds (min_score, min_coverage), from score distributions.

Two measurements over the development corpus, with the bot's own retriever and split:

1. The top score of every development question (all have an answer in the corpus)
   against that of questions the corpus cannot answer (general knowledge, recipes,
   foreign sports; the corpus is Norwegian news of about 2019–2020). ``min_score``
   should sit above most unrelated questions and below nearly all real ones.
2. Both relevance bars together: for each ``min_coverage`` (the share of the question's
   words the quoted article must hold), how many development and unrelated questions
   still get an answer at the configured ``min_score``.

Topic alerts have their own measure and threshold: ``benchmarks/alerts.py``.

    python benchmarks/thresholds.py [--articles PATH] [--questions PATH]
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.devset import dev_set_parser  # noqa: E402
from retrieval.evaluation import load_questions  # noqa: E402
from retrieval.index.passage_index import IndexSettings, PassageIndex  # noqa: E402
from retrieval.news.loaders import load_corpus  # noqa: E402
from retrieval.ranking.retriever import Retriever  # noqa: E402

UNRELATED = (
    "Hvor mange egg trenger man til en sukkerbrødbunn?",
    "Hvordan lager man pannekaker uten melk?",
    "Hvor lenge skal poteter koke?",
    "Hva er hovedstaden i Australia?",
    "Hvem malte Mona Lisa?",
    "Hvor høyt er Mount Everest?",
    "Hvor mange bein har en edderkopp?",
    "Hva er kokepunktet til vann i Fahrenheit?",
    "Hvem vant Super Bowl i 2020?",
    "Hvem vant Tour de France i 2019?",
    "Hvor mange mål scoret Lionel Messi for Barcelona i 2019?",
    "Hvem vant NBA-finalen i 2020?",
    "Hvilket lag vant cricket-VM i 2019?",
    "Hvem er trener for New England Patriots?",
    "Hva heter den japanske keiseren?",
    "Når ble Eiffeltårnet bygget?",
    "Hvor mange planeter er det i solsystemet?",
    "Hva er formelen for fotosyntese?",
    "Hvem skrev Krig og fred?",
    "Hvor gammel ble Mozart?",
    "Hvordan bytter man dekk på en sykkel?",
    "Hva er den beste måten å lagre basilikum på?",
    "Hvor mye gjær skal det i et brød?",
    "Hvordan strikker man en lue?",
    "Hvem vant Wimbledon for kvinner i 2019?",
    "Hva er Pythagoras' setning?",
    "Hvor ligger Machu Picchu?",
    "Hvor mange innbyggere har Tokyo?",
    "Hvem oppfant telefonen?",
    "Hvilken farge har en sjiraffs tunge?",
)
PERCENTS = (1, 5, 10, 50)
COVERAGES = (0.0, 0.3, 0.4, 0.5, 0.6)


def top_scores(retriever: Retriever, questions: Sequence[str]) -> np.ndarray:
    """Each question's best score (0 when nothing matches at all)."""
    scores = []
    for question in questions:
        results = retriever.answer(question, 1).results
        scores.append(results[0].score if results else 0.0)
    return np.array(scores)


def answered(retriever: Retriever, questions: Sequence[str], min_score: float, min_coverage: float) -> float:
    """Percentage of ``questions`` that get at least one result past both bars."""
    return 100 * float(np.mean([bool(retriever.answer(q, 1, min_score=min_score, min_coverage=min_coverage).results) for q in questions]))


def describe(name: str, scores: Sequence[float]) -> str:
    """Percentiles of ``scores`` on one line."""
    values = np.asarray(scores)
    cells = " ".join(f"p{p}={np.percentile(values, p):.3f}" for p in PERCENTS)
    return f"{name:<22} n={values.size:<5} {cells} max={values.max():.3f}"


def share_above(scores: Sequence[float], threshold: float) -> float:
    """Percentage of ``scores`` above ``threshold``."""
    return 100 * float(np.mean(np.asarray(scores) > threshold))


def main(argv: list[str] | None = None) -> None:
    parser = dev_set_parser(__doc__)
    parser.add_argument("--min-score", type=float, default=0.65, help="min_score for the coverage table")
    args = parser.parse_args(argv)
    retriever = Retriever(PassageIndex.build(load_corpus(args.articles).articles, IndexSettings()))
    dev_questions = [q.question for q in load_questions(args.questions)]
    dev = top_scores(retriever, dev_questions)
    unrelated = top_scores(retriever, UNRELATED)
    print(describe("dev questions", dev))
    print(describe("unrelated questions", unrelated))
    for threshold in np.arange(0.2, 1.75, 0.1):
        print(
            f"threshold {threshold:.1f}: dev kept {share_above(dev, threshold):5.1f}%  "
            f"unrelated kept {share_above(unrelated, threshold):5.1f}%"
        )
    for coverage in COVERAGES:
        print(
            f"min_score {args.min_score} and min_coverage {coverage:.1f}: "
            f"dev answered {answered(retriever, dev_questions, args.min_score, coverage):5.1f}%  "
            f"unrelated answered {answered(retriever, UNRELATED, args.min_score, coverage):5.1f}%"
        )


if __name__ == "__main__":
    main()
