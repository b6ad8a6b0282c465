"""Follow-up dialogues: how often the second and third turn's first quote holds the answer.

Runs the labelled dialogues of ``tests/fixtures/dialogues.jsonl`` (written over the
403 development articles: elliptical follow-ups, questions about the previous answer,
small talk, and new questions asked mid-conversation) through the conversation with
its context and without it (every turn in a fresh chat), then once per rule switched
off or set differently, so each rule of ``bot/conversation/followups.py`` shows what
it is worth.

    python benchmarks/dialogues.py [--articles PATH] [--failures] [--json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.devset import dev_set_parser  # noqa: E402
from bot.conversation.dialogue import Answered, Conversation  # noqa: E402
from bot.conversation.followups import Rules  # noqa: E402
from bot.conversation.scoring import Score, load_dialogues, score  # noqa: E402
from bot.conversation.state import Bounds, MemoryConversations  # noqa: E402
from bot.core import ConversationCore  # noqa: E402
from bot.library import NewsLibrary  # noqa: E402
from bot.settings import Settings  # noqa: E402

DIALOGUES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "dialogues.jsonl"
VARIANTS: dict[str, Rules] = {
    "rules as configured": Rules(),
    "no elliptical rewriting": Rules(elliptical=False),
    "no questions about the answer": Rules(about_answer=False),
    "all the previous question's words added": Rules(context="all"),
    "none of the previous question's words added": Rules(context="none"),
    "max_own_terms 0": Rules(max_own_terms=0),
    "max_own_terms 1": Rules(max_own_terms=1),
    "max_own_terms 2": Rules(max_own_terms=2),
    "max_own_terms 4": Rules(max_own_terms=4),
    "min_own_share 0": Rules(min_own_share=0.0),
    "min_own_share 1": Rules(min_own_share=1.0),
}


class BareCore:
    """The core as it answered before conversations: every message a new search, small talk too."""

    def __init__(self, core: ConversationCore) -> None:
        self.core = core

    def respond(self, chat_key: str, message: str, language: str, reply_to: int | None = None) -> Answered:
        return Answered(self.core.answer(message, language), None)


def main() -> None:
    parser = dev_set_parser(__doc__ or "")
    parser.add_argument("--dialogues", type=Path, default=DIALOGUES)
    parser.add_argument("--failures", action="store_true", help="list the turns answered wrongly (context on)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    settings = Settings(corpus=args.articles, cache_dir=None, data_dir=None)
    library = NewsLibrary(settings)
    library.load()
    core = ConversationCore(settings, library)
    dialogues = load_dialogues(args.dialogues)

    def run(rules: Rules, context: bool) -> Score:
        return score(Conversation(core, MemoryConversations(Bounds()), rules), dialogues, context)

    off = run(Rules(), context=False)
    bare = score(BareCore(core), dialogues, context=False)
    rows = [("bare core (no small talk, no context)", bare), ("context off (each turn a new chat)", off)] + [(name, run(rules, True)) for name, rules in VARIANTS.items()]
    kinds = sorted(off.by_kind)
    report = [
        {
            "setting": name,
            "first_turns": round(s.share(s.first), 1),
            "follow_ups": round(s.share(s.later), 1),
            "after_a_right_turn": round(s.share(s.on_track), 1),
            **{kind: round(s.share(s.by_kind[kind]), 1) for kind in kinds},
        }
        for name, s in rows
    ]
    if args.json:
        print(json.dumps({"dialogues": len(dialogues), "follow_up_turns": len(off.later), "rows": report}, indent=2))
        return
    print(f"{len(dialogues)} dialogues, {len(off.first)} first turns, {len(off.later)} follow-up turns (% right)\n")
    header = ["setting", "first turns", "follow-ups", "after a right turn", *kinds]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in report:
        print("| " + " | ".join(str(v) for v in row.values()) + " |")
    if args.failures:
        print("\nwrong with context on:")
        for failure in rows[2][1].failures:
            print("  " + failure)


if __name__ == "__main__":
    main()
