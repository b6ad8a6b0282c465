"""Rewrite Bokmål questions into Nynorsk, so the development set can be asked in both written Norwegians.

The NorQuAD development questions are Bokmål. A Nynorsk set with the same gold answers
says what a reader who asks in Nynorsk gets, question by question, next to the
Bokmål original. The questions are not ours to publish, so the set is not stored:
it is made at benchmark time by the rules below — a word table, the question openers
and a few endings — applied to ``questions-dev.jsonl``.

The rules write the Nynorsk a careful reader writes (NRK's house style is close): «kva»,
«kven», «kor mange», «kvifor», «korleis», «kva tid», «kva for ein», «ikkje», «frå», «Noreg»;
a-verbs in -ar/-a («jobbar», «jobba»), masculine plurals in -ar/-ane («kampar»),
feminine nouns in -a («saka», «regjeringa»), -leg for -lig. Words the table does not
know stay as they are, as many words are the same in both. Names stay, except the
country («Noreg»). Where Nynorsk has two ways to ask («når»/«kva tid», «kvar»/«kor»,
«kva for ein»/«kva»), the question's id picks one, so both are in the set.

The rewriter is written from knowledge of the language, not from the retrieval side:
the analyser's own Nynorsk table (:mod:`retrieval.text.nynorsk`) is a separate list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_TOKEN = re.compile(r"[^\W\d_]+|[^\w]+|\d+|_", re.UNICODE)


def _table(text: str) -> dict[str, str]:
    """``"bokmål=nynorsk bokmål=nynorsk …"`` (white space between pairs) as a dict."""
    pairs = (item.split("=") for item in text.split())
    return {bokmal.replace("_", " "): nynorsk.replace("_", " ") for bokmal, nynorsk in pairs}


# Multi-word phrases first (lower case, words separated by one space); "_" writes a space.
_PHRASES = _table(
    """
    hvor_mange=kor_mange hvor_mye=kor_mykje hvor_lenge=kor_lenge hvor_gammel=kor_gammal
    hvor_gamle=kor_gamle hvor_stor=kor_stor hvor_store=kor_store hvor_langt=kor_langt
    hvor_lang=kor_lang hvor_lange=kor_lange hvor_høy=kor_høg hvor_høyt=kor_høgt hvor_ofte=kor_ofte
    hvor_fort=kor_fort hvor_mange_ganger=kor_mange_gonger hvor_dyr=kor_dyr hvor_dyrt=kor_dyrt
    hvor_tung=kor_tung hvor_sterk=kor_sterk hvor_bred=kor_brei hvor_dypt=kor_djupt
    hva_slags=kva_slags hva_heter=kva_heiter hva_het=kva_heitte
    i_forbindelse_med=i_samband_med ved_siden_av=ved_sida_av etter_hvert=etter_kvart selv_om=sjølv_om
    """
)

# Question openers with two Nynorsk forms; the question's id chooses.
_CHOICES: dict[str, tuple[str, str]] = {
    "når": ("kva tid", "når"),
    "hvor": ("kvar", "kor"),
    "hvilken": ("kva for ein", "kva"),
    "hvilket": ("kva for eit", "kva"),
    "hvilke": ("kva for nokre", "kva"),
}

_WORDS = _table(
    """
    hva=kva hvem=kven hvorfor=kvifor hvordan=korleis hvis=viss hver=kvar hvert=kvart hvite=kvite hvit=kvit
    ikke=ikkje en=ein et=eit noen=nokon noe=noko mye=mykje fra=frå bare=berre hele=heile helt=heilt
    selv=sjølv disse=desse også=òg nå=no da=då siden=sidan uten=utan sammen=saman igjen=att
    fortsatt=framleis tidligere=tidlegare senere=seinare sent=seint nylig=nyleg forrige=førre frem=fram
    hun=ho de=dei dem=dei jeg=eg dere=de hennes=hennar deres=deira man=ein mer=meir flere=fleire
    egen=eigen eget=eige egne=eigne annen=annan annet=anna samme=same mellom=mellom ifølge=ifølgje
    følge=følgje utenfor=utanfor innenfor=innanfor foran=framfor hjem=heim hjemme=heime
    gammel=gammal høy=høg høyt=høgt høyere=høgare høyeste=høgaste lav=låg lavere=lågare laveste=lågaste
    ble=vart blitt=vorte være=vere vært=vore heter=heiter het=heitte fikk=fekk gikk=gjekk gjøre=gjere
    gjør=gjer sier=seier si=seie mener=meiner mente=meinte tror=trur trodde=trudde synes=synest
    syntes=syntest kommer=kjem komme=kome kommet=kome ligger=ligg lå=låg gir=gjev gi=gje ga=gav gitt=gjeve
    vant=vann vunnet=vunne vet=veit se=sjå finner=finn fant=fann funnet=funne holdt=heldt holder=held
    holde=halde skrev=skreiv skriver=skriv skrevet=skrive sitter=sit leser=les leste=las sto=stod
    spiller=spelar spillere=spelarar spilleren=spelaren spillerne=spelarane spille=spele spilte=spelte
    spilt=spelt spilles=spelast spillet=spelet
    jobber=jobbar jobbet=jobba ønsker=ønskjer ønske=ønskje ønsket=ønskte tenker=tenkjer tenke=tenkje
    bruker=brukar brukes=brukast starter=startar startet=starta venter=ventar ventet=venta
    svarer=svarar snakker=snakkar snakket=snakka kaster=kastar kastet=kasta mister=mistar mistet=mista
    scoret=scora scorte=scora varslet=varsla havnet=hamna havner=hamnar oppdaget=oppdaga rammet=ramma
    endte=enda ender=endar avsluttet=avslutta avsluttes=avsluttast kostet=kosta koster=kostar
    fjernet=fjerna krasjet=krasja støttet=støtta åpnet=opna åpne=opne hoppet=hoppa testet=testa
    hentet=henta sluttet=slutta slutter=sluttar begynte=byrja begynne=byrje begynner=byrjar
    takket=takka stoppet=stoppa flyttet=flytta påvirket=påverka sikret=sikra reddet=redda
    bekreftet=stadfesta styrket=styrkte kontaktet=kontakta feiret=feira kåret=kåra dannet=danna
    anklaget=skulda skuldet=skulda forsinket=forseinka overrasket=overraska lovet=lova presset=pressa
    benyttet=nytta handlet=handla virket=verka preget=prega hyllet=hylla kuttet=kutta sørget=sytte
    planlegger=planlegg legger=legg legge=leggje bygger=byggjer kjemper=kjempar taper=tapar
    satser=satsar håper=håpar forsøker=freistar forsøkte=freista advarer=åtvarar feirer=feirar
    savner=saknar leter=leitar dekker=dekkjer misliker=mislikar lander=landar passer=passar
    leder=leiar lederen=leiaren ledere=leiarar ledet=leidde ledelsen=leiinga lede=leie
    døde=døydde dø=døy bor=bur bo=bu bodde=budde født=fødd solgte=selde selge=selje solgt=selt
    kjørte=køyrde kjøre=køyre dømt=dømd dømte=dømde valgt=vald valgte=valde velge=velje valget=valet
    valg=val fortalte=fortalde fortelle=fortelje fulgte=følgde skjedde=hende skjer=hender
    ansatte=tilsette ansatt=tilsett
    trener=trenar treneren=trenaren trenere=trenarar kvinnen=kvinna saken=saka saker=saker
    regjeringen=regjeringa uke=veke uka=veka uken=veka ukes=vekes kirke=kyrkje kirken=kyrkja
    ulykken=ulukka ulykke=ulukke ulykker=ulukker verden=verda verdens=verdas
    navn=namn navnet=namnet sted=stad stedet=staden gang=gong ganger=gonger sønn=son sønnen=sonen
    datter=dotter datteren=dottera gutt=gut gutter=gutar penger=pengar pengene=pengane
    mennesker=menneske menneskene=menneska minutter=minutt minuttene=minutta boka=boka
    personer=personar personene=personane soldater=soldatar kamper=kampar millioner=millionar
    milliarder=milliardar dager=dagar måned=månad måneden=månaden måneder=månader månedene=månadene
    skole=skule skolen=skulen skoler=skular syk=sjuk sykehus=sjukehus sykehuset=sjukehuset
    sykdom=sjukdom sykepleier=sjukepleiar lærer=lærar lærere=lærarar vei=veg veien=vegen
    vann=vatn vannet=vatnet tilskuere=tilskodarar innbyggere=innbyggjarar eier=eigar eiere=eigarar
    politiker=politikar politikere=politikarar forsker=forskar forskere=forskarar arbeidere=arbeidarar
    passasjerer=passasjerar passasjerene=passasjerane journalister=journalistar pasienter=pasientar
    hunder=hundar hundene=hundane elever=elevar migranter=migrantar migrantene=migrantane
    demonstranter=demonstrantar demonstrantene=demonstrantane turister=turistar advokater=advokatar
    artister=artistar direktører=direktørar båter=båtar timer=timar flyktninger=flyktningar
    ungdommer=ungdomar representanter=representantar kandidater=kandidatar butikker=butikkar
    offiserer=offiserar typer=typar delegatene=delegatane filmer=filmar kunder=kundar
    forbindelse=samband hendelse=hending hendelsen=hendinga hendelser=hendingar
    undersøkelse=undersøking undersøkelsen=undersøkinga begynnelsen=byrjinga avgjørelse=avgjerd
    uttalelse=fråsegn tillatelse=løyve siktelsen=siktinga sikkerhet=tryggleik sikkerheten=tryggleiken
    enighet=semje oppmerksomhet=merksemd virksomhet=verksemd mulig=mogleg mulige=moglege
    muligheten=moglegheita egentlig=eigentleg kommende=komande siktede=sikta krever=krev
    regner=reknar frykter=fryktar tjene=tene tjente=tente tjener=tener fulgt=følgt sittet=sete
    innvilget=innvilga utelukket=utelukka forsøkt=freista påvirke=påverke selskaper=selskap
    selskapene=selskapa hjemmebane=heimebane hjemland=heimland ledelse=leiing
    partier=parti partiene=partia resultater=resultat resultatene=resultata områder=område områdene=områda
    landene=landa spørsmålene=spørsmåla målene=måla lagene=laga medlemmer=medlemer problemer=problem
    problemene=problema grunnlagt=grunnlagd fremførte=framførte fremtiden=framtida fremover=framover
    sliter=slit forsvant=forsvann skjøt=skaut avlet=avla godkjennes=godkjennast åpnes=opnast
    skattereglene=skattereglane reglene=reglane regler=reglar møttes=møttest
    """
)

# Feminine in Nynorsk: «kva for ei avis», not «kva for ein».
_FEMININE = frozenset("avis bok sak uke veke tid side helg natt kvinne jente kirke kyrkje dør hytte elv øy".split())
_NAMES = {"Norge": "Noreg", "Norges": "Noregs"}

# Nouns whose Bokmål plural in -er/-ene is -ar/-ane in Nynorsk (masculine), by stem.
_MASCULINE = frozenset(
    "kamp dag person soldat million brit pasient journalist turist film plass hest bil bilist gjest "
    "forsker leder vinner sjåfør kunde stein biskop prest bonde".split()
)
# -ing nouns are feminine in Nynorsk: -ingen → -inga, -inger → -ingar, -ingene → -ingane.
_NOT_ING_NOUNS = frozenset({"ingen", "tingen", "ringen", "kongen", "mengen"})
# Word endings (after the table): Bokmål → Nynorsk, longest first.
_ENDINGS = (
    ("ligste", "legaste"), ("ligere", "legare"), ("lige", "lege"), ("lig", "leg"),
    ("hetene", "heitene"), ("heten", "heita"), ("heter", "heiter"), ("het", "heit"),
    ("eres", "erast"),
)


# Bokmål word parts that Nynorsk spells otherwise, anywhere in a word («oljesølulykken»).
_PARTS = (("hoved", "hovud"), ("ulykk", "ulukk"), ("sykehus", "sjukehus"), ("navn", "namn"))


def _ending(word: str) -> str:
    """``word`` (lower case) with its Bokmål ending turned Nynorsk, or unchanged."""
    for bokmal, nynorsk in _PARTS:
        word = word.replace(bokmal, nynorsk)
    passive = word.endswith("es") and len(word) > 5 and word[-3] in "rlgdkptv" and not word.endswith(("edes", "ødes"))
    if passive:  # «innføres» → «innførast»; not the genitive «avdødes»
        return word[:-2] + "ast"
    for suffix, plural in (("ingene", "ingane"), ("inger", "ingar"), ("ingen", "inga")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and word not in _NOT_ING_NOUNS:
            return word[: -len(suffix)] + plural
    for suffix, plural in (("ene", "ane"), ("er", "ar")):
        if word.endswith(suffix) and word[: -len(suffix)] in _MASCULINE:
            return word[: -len(suffix)] + plural
    for bokmal, nynorsk in _ENDINGS:
        if word.endswith(bokmal) and len(word) > len(bokmal) + 2 and word not in ("heter", "het"):
            return word[: -len(bokmal)] + nynorsk
    return word


def _cased(written: str, nynorsk: str) -> str:
    return nynorsk[:1].upper() + nynorsk[1:] if written[:1].isupper() else nynorsk


def _sentence_starts(tokens: list[str], words: list[int]) -> set[int]:
    """Indexes (into ``words``) of the words that open a sentence: the first, and any after . ! ? : or a line break."""
    starts = {0}
    for n in range(1, len(words)):
        between = "".join(tokens[words[n - 1] + 1 : words[n]])
        if any(mark in between for mark in ".!?:\n"):
            starts.add(n)
    return starts


def rewrite(question: str, choice: int = 0, running_text: bool = False) -> str:
    """``question`` in Nynorsk; ``choice`` (0 or 1) picks between two equally good openers.

    With ``running_text`` the text is an article rather than a question: every
    sentence's first word may be rewritten, and question words stay in their
    in-sentence form («når» joins clauses, «hvor» is «kor»).
    """
    tokens = _TOKEN.findall(question)
    words = [i for i, t in enumerate(tokens) if t[:1].isalpha()]
    starts = _sentence_starts(tokens, words) if running_text else {0}
    out = list(tokens)
    done: set[int] = set()
    for n, i in enumerate(words):
        if i in done:
            continue
        for length in (3, 2):
            span = words[n : n + length]
            if len(span) < length or any(tokens[j + 1].strip() for j in span[:-1]):
                continue
            phrase = " ".join(tokens[j].lower() for j in span)
            if phrase in _PHRASES:
                out[span[0]] = _cased(tokens[span[0]], _PHRASES[phrase])
                for j in range(span[0] + 1, span[-1] + 1):  # the phrase's other words and the spaces between
                    out[j] = ""
                done.update(span)
                break
        if i in done:
            continue
        written = tokens[i]
        lower = written.lower()
        if written in _NAMES:
            out[i] = _NAMES[written]
        elif written[:1].isupper() and n not in starts:
            continue  # a name
        elif lower in _CHOICES:
            mid = "når" if lower == "når" else _CHOICES[lower][1 if running_text else 0]  # «når» inside joins clauses
            form = _CHOICES[lower][choice % 2] if n == 0 and not running_text else mid
            following = tokens[words[n + 1]].lower() if n + 1 < len(words) else ""
            out[i] = _cased(written, form.replace("for ein", "for ei") if following in _FEMININE else form)
        elif lower in _WORDS:
            out[i] = _cased(written, _WORDS[lower])
        else:
            out[i] = _cased(written, _ending(lower)) if lower.isalpha() else written
    return "".join(out)


def changed(questions: Sequence[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """``(id, Bokmål, Nynorsk)`` for the questions the rewrite changes (the others say nothing new)."""
    rewritten = ((qid, text, rewrite(text, qid)) for qid, text in questions)
    return [(qid, text, nynorsk) for qid, text, nynorsk in rewritten if nynorsk != text]
