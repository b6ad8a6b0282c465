"""Which language a message is in: Nynorsk is Norwegian, and names are no evidence of English."""

import pytest

from bot.conversation.languages import message_language


@pytest.mark.parametrize(
    "message",
    ["Kor mange døydde?", "Kvifor gjekk han av?", "Kva meiner ho om det?", "Eg lurer på kva som skjedde i Molde",
     "Korleis vart det slik?", "Kven har fått meir pengar frå staten?"],
)
def test_nynorsk_is_norwegian(message: str):
    assert message_language(message) == "norwegian"


@pytest.mark.parametrize(
    "message",
    ["Kven vann?", "Kva sa Støre?", "Når heldt May nyvalg i UK?", "Kva tid fekk Ada Hegerberg Ballon d'Or?", "Kva stemte M5S for?"],
)
def test_short_nynorsk_questions_and_names_are_never_taken_for_english(message: str):
    assert message_language(message) != "english"


def test_english_with_a_name_is_still_english():
    assert message_language("What did May say about the deal?") == "english"


def test_a_capital_that_opens_a_later_sentence_still_counts():
    assert message_language("Thanks. What did the minister say about it?") == "english"
    assert message_language("Takk. Kva meiner ho om det?") == "norwegian"
