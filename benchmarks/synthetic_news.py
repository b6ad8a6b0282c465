"""A generated news stream whose vocabulary grows the way real news does, for scale benchmarks.

Repeating the development articles keeps the vocabulary at 403 articles' worth, so an
index only ever sees longer postings; real news brings new words every day (names,
places, numbers and, in Norwegian, new compounds: «strømstøtteordningen»). This
generator recombines the NorQuAD articles (read at run time, never stored here) into
new articles and keeps coining words:

- the body is most of one source story's paragraphs, with paragraphs of one or two
  other stories spliced in (captions and subheadings travel with their paragraphs);
- a share of the longer lower-case words are replaced by compounds formed from two
  corpus words, joined directly or with the linking ``s`` or ``e`` («forsvar» +
  «avtalen» → «forsvarsavtalen»); a share of the capitalised words inside a sentence
  by names, some of them new («Haug» + «stad»);
- every number is re-drawn (a year stays a plausible year);
- each article gets a new id, a date (about 8,000 passages a day, as a handful of
  Norwegian outlets publish), a source and a URL.

New words are drawn Pitman-Yor-style: a coined word is reused in proportion to its use
so far, and a new one is coined with probability ``(strength + discount·K) / (strength + n)``
after ``n`` draws of ``K`` distinct words, which gives the power-law vocabulary
growth (Heaps' law) seen in news text. Everything is deterministic per seed, and the
stream is a prefix-stable sequence: the 10k-passage corpus is the start of the
100k-passage one.

The 403 source articles come first, unchanged (ids ``norquad-<id>``), so the
development questions can be asked of every corpus size.
"""

from __future__ import annotations

import json
import random
import re
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from retrieval.news.passages import split_article

PASSAGE_WORDS = 80  # the reference split; also nyhetsbot's default passage size
PASSAGES_PER_DAY = 8000
FIRST_DAY = date(2021, 1, 4)
SOURCES = ("NTB", "NRK", "Aftenposten", "VG", "Dagbladet", "E24", "Bergens Tidende", "Adresseavisen")
_NAME_ENDINGS = ("stad", "rud", "vik", "sen", "heim", "dal", "berg", "land", "haug", "nes", "bakken", "strand")
_LINKED = ("ing", "het", "sjon", "dom", "skap", "else", "tet", "ment")  # modifiers that take the linking s

_TOKEN = re.compile(r"\w+")
_SENTENCE_START = re.compile(r"(?:^|[.!?»:–-]\s+)$")


class PitmanYor:
    """Draws from a growing list of words: reuse in proportion to use, or coin a new one."""

    def __init__(self, rng: random.Random, discount: float, strength: float) -> None:
        self.rng = rng
        self.discount = discount
        self.strength = strength
        self.words: list[str] = []
        self._draws = array("I")  # the word index of every draw so far, for proportional reuse

    def next(self, coin: Callable[[], str]) -> str:
        """A reused word, or a new one from ``coin()``."""
        distinct, drawn = len(self.words), len(self._draws)
        new_chance = (self.strength + self.discount * distinct) / (self.strength + drawn)
        if not self.words or self.rng.random() < new_chance:
            self.words.append(coin())
            index = len(self.words) - 1
        else:
            index = self._draws[self.rng.randrange(drawn)]
        self._draws.append(index)
        return self.words[index]


@dataclass(frozen=True)
class Story:
    """A source article as the generator uses it: headline and body lines."""

    id: str
    headline: str
    lines: tuple[str, ...]


@dataclass
class GeneratedArticle:
    """One article of the stream, as written to JSON Lines, and how many passages it splits into."""

    record: dict[str, object]
    passages: int
    generated: bool


@dataclass
class NewsGenerator:
    """The deterministic article stream for one seed (see the module docstring)."""

    stories: Sequence[Story]
    stop_words: frozenset[str]
    seed: int = 1
    compound_rate: float = 0.15  # share of eligible lower-case words replaced by a compound
    name_rate: float = 0.5  # share of capitalised words inside a sentence replaced by a name
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        words = {w for s in self.stories for line in s.lines for w in _TOKEN.findall(line)}
        self._modifiers = sorted(
            w for w in words if w.isalpha() and w.islower() and 4 <= len(w) <= 10 and w not in self.stop_words
        )
        self._names = sorted(
            {name for s in self.stories for line in s.lines for name in _names_inside_sentences(line)}
        )
        self._compounds = PitmanYor(self.rng, discount=0.75, strength=1500.0)
        self._new_names = PitmanYor(self.rng, discount=0.75, strength=200.0)
        self.coined: int = 0

    def stream(self) -> Iterator[GeneratedArticle]:
        """The source articles unchanged, then new articles without end."""
        passages = 0
        for story in self.stories:
            text = "\n".join((story.headline, *story.lines))
            count = len(split_article(text, PASSAGE_WORDS))
            passages += count
            yield GeneratedArticle({"id": f"norquad-{story.id}", "title": story.headline, "text": text}, count, False)
        number = 0
        while True:
            number += 1
            record = self._article(number, FIRST_DAY + timedelta(days=passages // PASSAGES_PER_DAY))
            count = len(split_article(str(record["text"]), PASSAGE_WORDS))
            passages += count
            yield GeneratedArticle(record, count, True)

    def _article(self, number: int, day: date) -> dict[str, object]:
        base, *others = self.rng.sample(range(len(self.stories)), 1 + self.rng.randint(1, 2))
        lines = [line for line in self.stories[base].lines if self.rng.random() < 0.75]
        for other in others:
            donor = self.stories[other].lines
            if donor:
                start = self.rng.randrange(len(donor))
                spliced = donor[start : start + self.rng.randint(1, 3)]
                at = self.rng.randint(0, len(lines))
                lines[at:at] = spliced
        headline = self._rewrite(self.stories[base].headline)
        text = "\n".join((headline, *(self._rewrite(line) for line in lines)))
        article_id = f"gen{self.seed}-{number:07d}"
        return {
            "id": article_id,
            "title": headline,
            "text": text,
            "date": day.isoformat(),
            "source": self.rng.choice(SOURCES),
            "url": f"https://nyheter.example/{article_id}",
        }

    def _rewrite(self, line: str) -> str:
        """``line`` with numbers re-drawn, some names replaced and some words compounded."""
        pieces, position = [], 0
        for match in _TOKEN.finditer(line):
            pieces.append(line[position : match.start()])
            pieces.append(self._word(match.group(), _SENTENCE_START.search(line, 0, match.start()) is not None))
            position = match.end()
        pieces.append(line[position:])
        return "".join(pieces)

    def _word(self, word: str, sentence_start: bool) -> str:
        rng = self.rng
        if word.isdigit():
            return self._number(word)
        if not word.isalpha():
            return word
        if word.islower() and len(word) >= 6 and word not in self.stop_words and rng.random() < self.compound_rate:
            return self._compounds.next(lambda: self._coin_compound(word))
        if not sentence_start and word[:1].isupper() and word[1:].islower() and rng.random() < self.name_rate:
            if rng.random() < 0.3:
                return self._new_names.next(self._coin_name)
            return rng.choice(self._names)
        return word

    def _number(self, digits: str) -> str:
        rng = self.rng
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return str(rng.randint(1995, 2026))
        if len(digits) == 1:
            return str(rng.randint(0, 9))
        return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))

    def _coin_compound(self, head: str) -> str:
        """A new compound: a corpus word, a linking letter when Norwegian would use one, then ``head``."""
        modifier = self.rng.choice(self._modifiers)
        for ending in ("ene", "en"):  # a definite ending does not survive compounding
            if len(modifier) > 6 and modifier.endswith(ending):
                modifier = modifier[: -len(ending)]
                break
        chance = self.rng.random()
        link = "s" if modifier.endswith(_LINKED) or chance < 0.25 else "e" if chance < 0.33 else ""
        if modifier.endswith(link) and link:
            link = ""
        self.coined += 1
        return modifier + link + head

    def _coin_name(self) -> str:
        stem = self.rng.choice(self._names)
        stem = stem[: max(3, len(stem) // 2 + 1)]
        self.coined += 1
        return stem + self.rng.choice(_NAME_ENDINGS)


def _names_inside_sentences(line: str) -> Iterator[str]:
    """Capitalised words that do not open a sentence: mostly names of people, places and bodies."""
    for match in _TOKEN.finditer(line):
        word = match.group()
        if (
            len(word) >= 4
            and word.isalpha()
            and word[:1].isupper()
            and word[1:].islower()
            and _SENTENCE_START.search(line, 0, match.start()) is None
        ):
            yield word


def load_stories(articles_path: Path) -> list[Story]:
    """The NorQuAD articles as stories: the first line is the headline (as the set defines)."""
    stories = []
    with articles_path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text_lines = [t for t in str(record["text"]).split("\n") if t.strip()]
            headline = str(record.get("title") or text_lines[0])
            body = text_lines[1:] if text_lines and text_lines[0].strip() == headline.strip() else text_lines
            stories.append(Story(str(record["id"]), headline, tuple(body)))
    return stories


_QUESTION_WORDS = re.compile(r"[^\W\d_]{4,}")


def keyword_question(text: str, rng: random.Random, stop_words: frozenset[str]) -> str | None:
    """A keyword question from one sentence of ``text``: four of its content words, longest first.

    People type news questions as a few telling words («Haugstad forsvarsavtalen
    soldater»); the longest words of a sentence are its most specific ones.
    """
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n", text) if len(s.split()) >= 8]
    if not sentences:
        return None
    words = [w for w in dict.fromkeys(_QUESTION_WORDS.findall(rng.choice(sentences))) if w.lower() not in stop_words]
    if len(words) < 3:
        return None
    return " ".join(sorted(words, key=len, reverse=True)[:4])


@dataclass(frozen=True)
class CorpusFiles:
    """Where one generated corpus lives: the corpus folder and what the benchmark asks of it."""

    root: Path

    @property
    def corpus(self) -> Path:
        return self.root / "corpus"

    @property
    def questions(self) -> Path:
        return self.root / "questions.jsonl"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    def additions(self, count: int) -> Path:
        """The next ``count`` articles of the stream, for the adding benchmarks (outside the corpus folder)."""
        return self.root / f"additions-{count}.jsonl"

    def probe(self, count: int) -> Path:
        """A question that finds the last of :meth:`additions` once it is searchable, with that article's id."""
        return self.root / f"additions-{count}.probe.json"


ARTICLES_PER_FILE = 2000
FORMAT_VERSION = 2  # bumped when the files a run leaves change, so an older run is regenerated


def probe_question(text: str, known: set[str], stop_words: frozenset[str]) -> str:
    """Words that only ``text`` has (none of ``known``), with two of its longer words: it alone answers them all.

    Recombined articles share whole sentences with many others, so a question from
    one sentence would not single the new article out; its newly coined words do.
    """
    words = list(dict.fromkeys(w for w in _QUESTION_WORDS.findall(text) if w.lower() not in stop_words))
    new = [w for w in words if w.lower() not in known][:3]
    common = sorted((w for w in words if w.lower() in known), key=len, reverse=True)[:2]
    return " ".join(new + common)


def write_corpus(
    stories: Sequence[Story],
    dev_questions: Sequence[str],
    stop_words: frozenset[str],
    target_passages: int,
    root: Path,
    seed: int,
    generated_questions: int,
    additions: Sequence[int] = (1, 1000),
) -> dict[str, object]:
    """Write the stream's first articles holding ``target_passages`` passages under ``root``, streaming.

    Nothing but one article at a time is held in memory. The corpus is a folder of JSON
    Lines files (so new files can be dropped in, as a growing corpus folder would get
    them); the questions are the development questions plus keyword questions from
    generated articles spread over the whole corpus; the articles after the corpus
    are written aside as additions. Reuses a complete earlier run (its manifest).
    """
    files = CorpusFiles(root)
    if files.manifest.exists():
        manifest = json.loads(files.manifest.read_text(encoding="utf-8"))
        if (manifest.get("version"), manifest.get("seed"), manifest.get("target_passages")) == (
            FORMAT_VERSION,
            seed,
            target_passages,
        ):
            return manifest
    files.corpus.mkdir(parents=True, exist_ok=True)
    for stale in files.corpus.glob("*.jsonl"):
        stale.unlink()
    generator = NewsGenerator(stories, stop_words, seed)
    question_rng = random.Random(seed + 1)
    stream = generator.stream()
    # Candidates from about twice as many articles as questions wanted, spread over the corpus.
    every = max(1, int(target_passages / 5.5 / (2 * max(1, generated_questions))))
    passages = articles = 0
    word_forms: set[str] = set()  # distinct lower-case words: how far the vocabulary grew
    questions: list[dict[str, str]] = [{"question": q, "kind": "dev"} for q in dev_questions]
    handle = None
    try:
        while passages < target_passages:
            item = next(stream)
            if articles % ARTICLES_PER_FILE == 0:
                if handle is not None:
                    handle.close()
                handle = (files.corpus / f"part-{articles // ARTICLES_PER_FILE:05d}.jsonl").open("w", encoding="utf-8")
            handle.write(json.dumps(item.record, ensure_ascii=False) + "\n")
            word_forms.update(_TOKEN.findall(str(item.record["text"]).lower()))
            articles += 1
            passages += item.passages
            if item.generated and articles % every == 0:
                question = keyword_question(str(item.record["text"]), question_rng, stop_words)
                if question is not None:
                    questions.append({"question": question, "kind": "generated", "article_id": str(item.record["id"])})
    finally:
        if handle is not None:
            handle.close()
    generated = [q for q in questions if q["kind"] == "generated"]
    chosen = set(map(id, random.Random(seed).sample(generated, min(generated_questions, len(generated)))))
    with files.questions.open("w", encoding="utf-8") as out:
        for question in questions:
            if question["kind"] == "dev" or id(question) in chosen:
                out.write(json.dumps(question, ensure_ascii=False) + "\n")
    for count in additions:
        with files.additions(count).open("w", encoding="utf-8") as out:
            for _ in range(count):
                record = next(stream).record
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        probe = {"id": record["id"], "question": probe_question(str(record["text"]), word_forms, stop_words)}
        files.probe(count).write_text(json.dumps(probe, ensure_ascii=False), encoding="utf-8")
    manifest = {
        "version": FORMAT_VERSION,
        "seed": seed,
        "target_passages": target_passages,
        "passages": passages,
        "articles": articles,
        "word_forms": len(word_forms),
        "coined_words": generator.coined,
        "questions": len(dev_questions) + len(chosen),
    }
    files.manifest.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest
