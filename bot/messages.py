"""Every sentence the bot says, per interface language, and how it writes dates.

Front ends pick the language (Telegram from the user's language code, the console
from settings); the core looks texts up here, so adding a language means adding a
table, not touching logic.
"""

from __future__ import annotations

from retrieval.news.article import ArticleDate, Precision
from retrieval.text.language import LanguageProfile, language_profile
from retrieval.text.timeparse import Period
from retrieval.text.timeparse import format_period as _format_period

NORWEGIAN = "nb"
ENGLISH = "en"
_NORWEGIAN_CODES = frozenset({"nb", "nn", "no", "nob", "nno"})

_TEXTS: dict[str, dict[str, str]] = {
    NORWEGIAN: {
        "answer_intro": "Dette fant jeg om «{question}»:",
        "more_intro": "Flere treff for «{question}»:",
        "no_answer": "Jeg fant ikke noe i nyhetene som svarer på «{question}». Prøv å omformulere spørsmålet, "
        "for eksempel med andre ord eller et navn.",
        "no_terms": "Spørsmålet «{question}» har ingen ord jeg kan søke på. Spør med noen innholdsord, "
        "for eksempel «{example}».",
        "no_more": "Det er ikke flere treff for «{question}».",
        "nothing_asked": "Still et spørsmål først, så kan jeg vise flere treff.",
        "empty_question": "Skriv et spørsmål om nyhetene, for eksempel «{example}».",
        "too_long": "Spørsmålet er {length} tegn langt; jeg tar imot høyst {limit}. Kort det ned og spør igjen.",
        "unknown_article": "Jeg har ingen kilde nummer {number} i denne samtalen. Velg et nummer fra svaret.",
        "expired": "Dette svaret har utløpt. Spør igjen.",
        "more_action": "Flere",
        "previous_action": "Forrige",
        "article_action": "Vis artikkel",
        "source_action": "Åpne kilden",
        "help": "Jeg svarer på spørsmål om nyhetene med sitater fra artiklene, med kilde. "
        "Du kan følge opp et svar («hvem sa det?», «hva med Danmark?»).\n"
        "Eksempler:\n{examples}",
        "console_help": "Kommandoer: more (flere treff), article N (vis kilde N), refresh (hent nyheter), help, quit.",
        "console_hint": "Skriv «article N» for å lese kilde N.",
        "console_hint_more": "Skriv «more» for flere treff eller «article N» for å lese kilde N.",
        "welcome": "Jeg kjenner {articles}{period}. Still et spørsmål om nyhetene.",
        "articles_one": "1 artikkel",
        "articles_many": "{count} artikler",
        "period": " fra {first} til {last}",
        "single_period": " fra {first}",
        "building": "Bygger indeks",
        "period_intro": "Dette fant jeg om «{question}» fra {period}:",
        "period_listing": "Artikler fra {period}, nyeste først:",
        "period_empty": "Jeg har ingen artikler fra {period}, og ingen av artiklene mine har dato.",
        "period_empty_nearest": "Jeg har ingen artikler fra {period}. De nærmeste datoene jeg har, er {dates}.",
        "undated_left_out": "{count} artikler uten dato ble ikke tatt med.",
        "period_none_text": "Jeg har ingen artikler fra {period}; jeg søkte etter «{phrase}» i teksten.",
        "period_unanswered_text": "Ingen artikler fra {period} svarte; jeg søkte etter «{phrase}» i teksten.",
        "period_undated_text": "Ingen artikler er datert; jeg søkte etter «{phrase}» i teksten.",
        "period_none_text_absent": "Jeg har ingen artikler fra {period}, og ingen nevner «{phrase}»; "
        "dette er det nærmeste jeg fant.",
        "period_unanswered_text_absent": "Ingen artikler fra {period} svarte, og ingen nevner «{phrase}»; "
        "dette er det nærmeste jeg fant.",
        "period_undated_text_absent": "Ingen artikler er datert, og ingen nevner «{phrase}»; dette er det nærmeste jeg fant.",
        "period_none_relative": "Jeg har ingen artikler fra {period}; jeg søkte i artiklene uten dato.",
        "period_unanswered_relative": "Ingen artikler fra {period} svarte; jeg søkte i artiklene uten dato.",
        "period_undated_relative": "Ingen artikler er datert, så jeg så bort fra «{phrase}».",
        "latest": "Siste nytt:",
        "latest_undated": "Artiklene har ingen dato, så jeg kan ikke vise de nyeste først. Her er noen av dem:",
        "alert": "Nytt om «{topic}»: {headline}",
        "follow_usage": "Skriv et emne etter kommandoen, for eksempel /folg Irak.",
        "follow_added": "Du følger nå «{topic}». Jeg sier fra når det kommer nyheter om det.",
        "follow_already": "Du følger allerede «{topic}».",
        "follow_limit": "Du kan følge høyst {limit} emner. Slutt å følge et emne først (/slutt EMNE).",
        "unfollow_usage": "Skriv emnet du vil slutte å følge, for eksempel /slutt Irak.",
        "unfollow_done": "Du følger ikke lenger «{topic}».",
        "unfollow_unknown": "Du følger ikke «{topic}».",
        "following": "Du følger: {topics}.",
        "following_none": "Du følger ingen emner ennå. Bruk /folg EMNE.",
        "refresh_feed": "{url}: {new} nye artikler",
        "refresh_failed": "{url}: feilet ({error}); prøver igjen neste runde",
        "no_feeds": "Ingen nyhetsstrømmer er satt opp (innstillingen feeds eller NYHETSBOT_FEEDS).",
        "follow_no_feeds": "Denne boten henter ingen nye nyheter (ingen nyhetsstrømmer er satt opp), så det ville aldri "
        "kommet varsler om «{topic}». Du kan fortsatt spørre om nyhetene jeg har.",
        "unknown_command": "Den kommandoen kjenner jeg ikke. Skriv /hjelp for å se hva jeg kan.",
        "followup_intro": "Dette fant jeg om «{question}» i saken fra forrige svar:",
        "elliptical_intro": "Jeg leste det som «{question}». Dette fant jeg:",
        "elliptical_none": "Jeg leste det som «{question}», men ingen av treffene sier noe om «{subject}».",
        "followup_none": "Jeg fant ikke svar på «{question}» i saken fra forrige svar.",
        "elliptical_no_answer": "Jeg leste det som «{question}», men fant ikke noe i nyhetene som svarer på det.",
        "smalltalk_thanks": "Bare hyggelig! Spør gjerne om mer.",
        "smalltalk_greeting": "Hei! Spør meg om nyhetene, for eksempel «{example}».",
        "smalltalk_acknowledge": "Greit! Spør gjerne om noe annet i nyhetene.",
        "language_notice": "Nyhetene jeg kjenner, er på {news_language}, så spørsmål på {news_language} gir best treff. "
        "Jeg prøvde spørsmålet ditt likevel.",
        "language_norwegian": "norsk",
        "language_english": "engelsk",
        "latest_topic": "Siste nytt om «{topic}», nyeste først:",
        "latest_topic_undated": "Dette fant jeg om «{topic}» (artiklene har ingen dato, så jeg kan ikke vise de nyeste først):",
        "latest_none": "Jeg fant ingen nyheter om «{topic}». Prøv et annet ord eller et navn.",
        "list_intro": "Artikler som passer til «{question}»:",
        "sources_intro": "Jeg kjenner {articles}{period}.",
        "per_source": "Artikler per kilde:",
        "source_line": "  {source}: {count}",
        "no_sources": "Artiklene oppgir ingen kilde.",
        "undated": "{count} artikler har ingen dato.",
        "telegram_commands": "Kommandoer:\n"
        "/sok ORD – artikler som passer til ordene\n"
        "/siste [EMNE] – siste nytt, nyeste først\n"
        "/folg EMNE – få varsel når det kommer nyheter om emnet\n"
        "/folger – emnene du følger\n"
        "/slutt EMNE – slutt å følge et emne\n"
        "/kilder – hva jeg vet og hvor det kommer fra\n"
        "/spor SPØRSMÅL – spør i en gruppe\n"
        "/hjelp – denne hjelpen\n"
        "I grupper svarer jeg når jeg nevnes (@{bot} spørsmål), når noen svarer på en melding fra meg, "
        "eller på /spor. I alle chatter kan du skrive @{bot} spørsmål for å dele et sitat.",
        "command_start": "Hva boten vet og hvordan du spør",
        "command_help": "Eksempler og kommandoer",
        "command_search": "Finn artikler: /sok ORD",
        "command_sources": "Kildene boten kjenner",
        "command_ask": "Still et spørsmål (i grupper)",
        "command_latest": "Siste nytt: /siste [EMNE]",
        "command_follow": "Følg et emne: /folg EMNE",
        "command_following": "Emnene du følger",
        "command_unfollow": "Slutt å følge: /slutt EMNE",
        "alerts_off": "Varsler er ikke slått på for denne boten (ingen datamappe er satt opp).",
        "search_usage": "Skriv ordene etter kommandoen, for eksempel /sok Stoltenberg Irak.",
        "rate_limited": "Du har stilt mange spørsmål på kort tid. Vent litt, så svarer jeg igjen.",
        "not_allowed": "Denne boten svarer ikke i denne chatten.",
        "admin_only": "Bare administratorer kan bruke denne kommandoen.",
        "reloading": "Bygger indeksen på nytt fra korpuset …",
        "reloaded": "Ferdig: indeksen har nå {articles} artikler.",
        "reload_failed": "Kunne ikke bygge indeksen på nytt; den gamle brukes fortsatt. Se loggen.",
        "error": "Beklager, noe gikk galt. Prøv igjen om litt.",
        "late_answer": "Beklager at svaret kommer sent – jeg var utilgjengelig en stund. Her er det:",
        "link": "lenke",
        "also_in": "Også i",
    },
    ENGLISH: {
        "answer_intro": "Here is what I found about “{question}”:",
        "more_intro": "More results for “{question}”:",
        "no_answer": "I found nothing in the news that answers “{question}”. Try rephrasing it, "
        "for example with other words or a name.",
        "no_terms": "The question “{question}” has no words I can search for. Ask with some content words, "
        "for example “{example}”.",
        "no_more": "There are no more results for “{question}”.",
        "nothing_asked": "Ask a question first, then I can show more results.",
        "empty_question": "Type a question about the news, for example “{example}”.",
        "too_long": "Your question is {length} characters long; I accept at most {limit}. Shorten it and ask again.",
        "unknown_article": "I have no source number {number} in this conversation. Pick a number from the answer.",
        "expired": "This answer has expired. Please ask again.",
        "more_action": "More",
        "previous_action": "Previous",
        "article_action": "Show article",
        "source_action": "Open source",
        "help": "I answer questions about the news with quotes from the articles, with sources. "
        "You can follow up on an answer (“who said that?”, “what about Denmark?”).\n"
        "Examples:\n{examples}",
        "console_help": "Commands: more (more results), article N (show source N), refresh (fetch news), help, quit.",
        "console_hint": "Type “article N” to read source N.",
        "console_hint_more": "Type “more” for more results or “article N” to read source N.",
        "welcome": "I know {articles}{period}. Ask me a question about the news.",
        "articles_one": "1 article",
        "articles_many": "{count} articles",
        "period": " from {first} to {last}",
        "single_period": " from {first}",
        "building": "Building index",
        "period_intro": "Here is what I found about “{question}” from {period}:",
        "period_listing": "Articles from {period}, newest first:",
        "period_empty": "I have no articles from {period}, and none of my articles has a date.",
        "period_empty_nearest": "I have no articles from {period}. The nearest dates I have are {dates}.",
        "undated_left_out": "{count} undated articles were not considered.",
        "period_none_text": "I have no articles from {period}; I searched the text for “{phrase}”.",
        "period_unanswered_text": "No article from {period} answered; I searched the text for “{phrase}”.",
        "period_undated_text": "No article is dated; I searched the text for “{phrase}”.",
        "period_none_text_absent": "I have no articles from {period}, and none mentions “{phrase}”; "
        "this is the nearest I found.",
        "period_unanswered_text_absent": "No article from {period} answered, and none mentions “{phrase}”; "
        "this is the nearest I found.",
        "period_undated_text_absent": "No article is dated, and none mentions “{phrase}”; this is the nearest I found.",
        "period_none_relative": "I have no articles from {period}; I searched the undated articles.",
        "period_unanswered_relative": "No article from {period} answered; I searched the undated articles.",
        "period_undated_relative": "No article is dated, so I left out “{phrase}”.",
        "latest": "Latest news:",
        "latest_undated": "The articles have no dates, so I cannot show the newest first. Here are some of them:",
        "alert": "New on “{topic}”: {headline}",
        "follow_usage": "Add a topic after the command, for example /follow Iraq.",
        "follow_added": "You now follow “{topic}”. I will tell you when news about it arrives.",
        "follow_already": "You already follow “{topic}”.",
        "follow_limit": "You can follow at most {limit} topics. Unfollow one first (/unfollow TOPIC).",
        "unfollow_usage": "Name the topic to stop following, for example /unfollow Iraq.",
        "unfollow_done": "You no longer follow “{topic}”.",
        "unfollow_unknown": "You do not follow “{topic}”.",
        "following": "You follow: {topics}.",
        "following_none": "You follow no topics yet. Use /follow TOPIC.",
        "refresh_feed": "{url}: {new} new articles",
        "refresh_failed": "{url}: failed ({error}); retrying next round",
        "no_feeds": "No news feeds are configured (setting feeds or NYHETSBOT_FEEDS).",
        "follow_no_feeds": "This bot fetches no new articles (no news feeds are configured), so no alert about "
        "“{topic}” could ever come. You can still ask about the news I have.",
        "unknown_command": "I do not know that command. Type /help to see what I can do.",
        "followup_intro": "Here is what I found about “{question}” in the story from the previous answer:",
        "elliptical_intro": "I read that as “{question}”. Here is what I found:",
        "elliptical_none": "I read that as “{question}”, but none of the results says anything about “{subject}”.",
        "followup_none": "I found no answer to “{question}” in the story from the previous answer.",
        "elliptical_no_answer": "I read that as “{question}”, but found nothing in the news that answers it.",
        "smalltalk_thanks": "You are welcome! Ask me anything else about the news.",
        "smalltalk_greeting": "Hello! Ask me about the news, for example “{example}”.",
        "smalltalk_acknowledge": "All right! Ask me anything else about the news.",
        "language_notice": "The news I know is in {news_language}, so questions in {news_language} find the most. "
        "I tried your question anyway.",
        "language_norwegian": "Norwegian",
        "language_english": "English",
        "latest_topic": "Latest on “{topic}”, newest first:",
        "latest_topic_undated": "Here is what I found about “{topic}” (the articles have no dates, so I cannot show the newest first):",
        "latest_none": "I found no news about “{topic}”. Try another word or a name.",
        "list_intro": "Articles matching “{question}”:",
        "sources_intro": "I know {articles}{period}.",
        "per_source": "Articles per source:",
        "source_line": "  {source}: {count}",
        "no_sources": "The articles name no source.",
        "undated": "{count} articles have no date.",
        "telegram_commands": "Commands:\n"
        "/search WORDS – articles matching the words\n"
        "/latest [TOPIC] – the latest news, newest first\n"
        "/follow TOPIC – get an alert when news on the topic arrives\n"
        "/following – the topics you follow\n"
        "/unfollow TOPIC – stop following a topic\n"
        "/sources – what I know and where it comes from\n"
        "/ask QUESTION – ask in a group\n"
        "/help – this help\n"
        "In groups I answer when mentioned (@{bot} question), when someone replies to a message of mine, "
        "or to /ask. In any chat, type @{bot} question to share a quote.",
        "command_start": "What the bot knows and how to ask",
        "command_help": "Examples and commands",
        "command_search": "Find articles: /search WORDS",
        "command_sources": "The sources the bot knows",
        "command_ask": "Ask a question (in groups)",
        "command_latest": "Latest news: /latest [TOPIC]",
        "command_follow": "Follow a topic: /follow TOPIC",
        "command_following": "The topics you follow",
        "command_unfollow": "Stop following: /unfollow TOPIC",
        "alerts_off": "Alerts are not enabled for this bot (no data folder is configured).",
        "search_usage": "Put the words after the command, for example /search Stoltenberg Iraq.",
        "rate_limited": "You have asked many questions in a short time. Wait a little and I will answer again.",
        "not_allowed": "This bot does not answer in this chat.",
        "admin_only": "Only administrators can use this command.",
        "reloading": "Rebuilding the index from the corpus …",
        "reloaded": "Done: the index now holds {articles} articles.",
        "reload_failed": "Could not rebuild the index; the old one is still in use. See the log.",
        "error": "Sorry, something went wrong. Please try again in a moment.",
        "late_answer": "Sorry for the late answer – I was unavailable for a while. Here it is:",
        "link": "link",
        "also_in": "Also in",
    },
}

# The interface languages there are texts for (the `interface_language` setting must be one).
LANGUAGES: tuple[str, ...] = tuple(_TEXTS)


def interface_language(code: str | None, default: str) -> str:
    """Map a user's language code (``nb``, ``nn``, ``no`` → Norwegian; others → English)."""
    if not code:
        return default if default in _TEXTS else NORWEGIAN
    primary = code.lower().replace("_", "-").split("-")[0]
    return NORWEGIAN if primary in _NORWEGIAN_CODES else ENGLISH


def text(language: str, key: str, **values: object) -> str:
    """The sentence ``key`` in ``language`` with ``values`` filled in."""
    return _TEXTS.get(language, _TEXTS[NORWEGIAN])[key].format(**values)


def count_articles(count: int, language: str) -> str:
    """``1 artikkel``, ``12 artikler`` (``1 article``, ``12 articles``)."""
    return text(language, "articles_one") if count == 1 else text(language, "articles_many", count=count)


def format_period(period: Period, language: str) -> str:
    """A period as a reply names it: «februar 2020», «forrige uke»; "February 2020", "last week"."""
    return _format_period(period, _profile(language))


def _profile(language: str) -> LanguageProfile:
    return language_profile("english" if language == ENGLISH else "norwegian")


def format_date(value: ArticleDate, language: str) -> str:
    """A date as people write it: ``februar 2020``, ``12. mars 2020``; ``February 2020``, ``12 March 2020``."""
    profile = _profile(language)
    words = profile.time_words
    template = {Precision.YEAR: words.year_format, Precision.MONTH: words.month_format}.get(value.precision, words.day_format)
    return template.format(day=value.day, month=profile.month_name(value.month), month_number=value.month, year=value.year)
