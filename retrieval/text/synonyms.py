"""Groups of words that say nearly the same thing, for a soft match of a question's words.

Used twice: a sentence holding a near-synonym of a question word it lacks counts part
of that word in the second stage (``related_sentence`` in :mod:`retrieval.ranking.features`),
and a question word no article holds is searched by its near-synonyms that some do
(:meth:`~retrieval.index.passage_index.PassageIndex.query_terms`).

A question and the sentence that answers it often use different words for the same
thing: «Hvilken bre smelter fortest?» is answered by «… som smelter raskest», «Når
ble klubben stiftet?» by «… startet klubben i 1904», «Hvor mange omkom?» by «… døde»,
«Hvem vant matchen?» by «… seieren i kampen». Stems cannot join such words and the letter
sequences (:mod:`retrieval.ranking.letter_grams`) only join words that share letters.

Each group lists word forms as written, Bokmål and Nynorsk, with the inflections the
analyser does not join itself (comparatives, superlatives, past tenses and participles
that stem apart: «fortest»/«raskest», «begynte»/«begynner»). The groups are written
by hand from general language knowledge (frequent verbs and nouns of news text and
their near-synonyms), not learned from the development questions: a table learned from
them did not pay for the words an answer holds (see :mod:`benchmarks.compare`). A word
may stand in more than one group («startet» begins and founds). Words that are another
common word too are left out («dør» dies/door, «lager» makes/stock, «rett»
right/court), and so are function words, which the analyser drops anyway. The verbs of
saying («sa», «sier», «uttalte», «fortalte») are left out too: a quote's sentence nearly
always holds one, so «Hvem sa det?» would favour any quote over the sentence naming the
speaker (a conversation test caught it; on the development questions the group changed
no figure).

Every form is analysed with the index's own analyser, once per analyser (about 8 ms,
:func:`synonym_terms`), so the groups meet the text's terms however the analyser stems
and lemmatises.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from retrieval.text.analysis import Analyzer

_NORWEGIAN_GROUPS = """
fort fortere fortest rask raskt raskere raskest kjapp kjapt kjappere kjappest hurtig hurtigere hurtigst snøgg snøggare snøggast
sakte saktere saktest langsom langsomt langsommere langsomst treg tregt tregere tregest
begynne begynner begynte begynt starte starter startet starta oppstart innlede innleder innledet byrje byrjar byrja byrjinga
etablere etablerer etablerte etablert etablering grunnlegge grunnlegger grunnla grunnlagt stifte stifter stiftet stifta opprette oppretter opprettet oppretta startet starta
avslutte avslutter avsluttet avslutta avslutning slutte slutter sluttet slutta slutt ende ender endte endt
død døde dødd dø omkomme omkommer omkom omkommet omkomne omkomen døydde dødsfall drept drepte omkomst
drepe dreper drepte drept drap drapet drapene mord mordet drapsmann morder
hevde hevder hevdet hevda påstå påstår påsto påstått påstand
mene mener mente meint synes syntes tro tror trodde
melde melder meldte meldt rapportere rapporterer rapporterte rapportert skrive skriver skrev skrevet
forklare forklarer forklarte forklart forklaring
bekrefte bekrefter bekreftet bekrefta stadfeste stadfester stadfestet
avvise avviser avviste avvist nekte nekter nektet benekte benekter benektet
kjøpe kjøper kjøpte kjøpt kjøp kjøpet innkjøp innkjøpet anskaffe anskaffer anskaffet anskaffelse anskaffelsen kjøpa
selge selger solgte solgt salg salget selje selde sal
økning økningen øke øker økte økt auke auka aukar vekst veksten vokse vokser vokste vokst oppgang oppgangen stigning stigningen stige stiger steg steget
nedgang nedgangen reduksjon reduksjonen redusere reduserer redusert reduserte synke synker sank sunket minke minker minket fall fallet falle faller falt
kamp kampen kamper kampene match matchen oppgjør oppgjøret
vinne vinner vant vunnet seire seirer seiret seier seieren triumf triumfere triumferte
tape taper tapte tapt tap tapet nederlag nederlaget
lege legen leger legene doktor doktoren doktorer lækjar
politi politiet politimann politimenn politifolk politibetjent betjent
ulykke ulykken ulykka ulykkene uhell uhellet krasj kollisjon kollisjonen kollidere kolliderte kollidert
brann brannen brant brenne brenner brent
hjelpe hjelper hjalp hjulpet hjelp hjelpa bistå bistår bistod bistand
arrestere arresterer arresterte arrestert arrestasjon pågripe pågriper pågrep pågrepet pågripelse anholde anholdt
siktet siktelse siktelsen tiltalt tiltale tiltalen anklaget anklage anklagen
domstol domstolen domstolane tingrett tingretten lagmannsrett lagmannsretten
dømt dømte dom dommen straff straffen straffet
leder lederen ledere sjef sjefen sjefer toppsjef leiar leiaren
jobb jobben jobber arbeid arbeidet stilling stillingen
penger pengene midler midlene beløp beløpet sum summen pengar
koste koster kostet kosta kostnad kostnaden kostnadene kostnader pris prisen priser utgift utgifter utgiftene
stor større størst største diger enorm
barn barna barnet unger ungene born borna
kvinne kvinnen kvinner kvinnene dame damen damer kvinna
folk folket mennesker menneskene personer personene innbyggere innbyggerne
selskap selskapet selskaper bedrift bedriften bedrifter firma firmaet konsern konsernet foretak verksemd
ansatt ansatte medarbeider medarbeidere arbeidstaker arbeidstakere tilsett tilsette
spiller spilleren spillere spillerne utøver utøveren utøvere
trener treneren trenere manager manageren
lag laget klubb klubben klubber
mål målet scoring scoringen score scorer scoret scora
velge velger valgte valgt kåre kårer kåret kåra
bestemme bestemmer bestemte vedta vedtar vedtok vedtatt vedtak vedtaket beslutte besluttet beslutning beslutningen
årsak årsaken årsaker grunn grunnen skyldes
skje skjer skjedde skjedd hende hender hendte inntreffe inntraff
møte møter møtte møtt treffe treffer traff truffet
få får fikk fått motta mottar mottok mottatt
vise viser viste vist
bygge bygger bygde bygget bygd oppføre oppførte oppført
flytte flytter flyttet flytta
reise reiser reiste reist dra drar dro
skadet skadd skade skaden skader skadene såret
sykehus sykehuset sjukehus sjukehuset
syk syke sjuk sjuke
premie premien premier utmerkelse utmerkelsen
gull gullet gullmedalje gullmedaljen gullmedaljer
sølv sølvet sølvmedalje sølvmedaljen
bronse bronsen bronsemedalje bronsemedaljen
ung unge yngre yngst yngste
rik rike rikere rikest rikeste formue formuen
kjent kjente berømt berømte
advokat advokaten advokater forsvarer forsvareren
angrep angrepet angripe angriper overfall overfallet overfalt
uvær uværet storm stormen
regn regnet nedbør nedbøren
kald kaldere kaldest kulde kulda kulden
bre breen breer breene isbre isbreen isbreer
forsker forskeren forskere forskerne forskning forskningen
etterforskning etterforskningen etterforske etterforsker etterforsket gransking granskingen granske gransket
undersøkelse undersøkelsen måling målingen meningsmåling spørreundersøkelse
regjering regjeringen regjeringa myndighet myndigheter myndighetene
statsminister statsministeren regjeringssjef
statsråd statsråden minister ministeren
storting stortinget parlament parlamentet nasjonalforsamling nasjonalforsamlingen
kommune kommunen kommunene kommuner
skole skolen skoler skolene skule skulen
elev eleven elever elevene student studenten studenter studentene
lærer læreren lærere lærerne lærar læraren
skip skipet båt båten båter fartøy fartøyet
fly flyet flyene flyet luftfartøy
vei veien veier veg vegen vegar
sang sangen sanger låt låten låter
artist artisten artister musiker musikeren musikere
avis avisen avisa aviser
svare svarer svarte svart svar svaret
spørre spør spurte spurt spørsmål spørsmålet
kunngjøre kunngjør kunngjorde kunngjort annonsere annonserer annonserte annonsert lansere lanserer lanserte lansert
kritisere kritiserer kritiserte kritisert kritikk kritikken
støtte støtter støttet støtta
avtale avtalen avtaler kontrakt kontrakten kontrakter
plan planen planer planlegge planlegger planla planlagt
kone kona ektefelle ektefellen ektemann ektemannen
venn vennen venner vennene kamerat kameraten
eier eieren eiere eide eid innehaver
bruke bruker brukte brukt benytte benytter benyttet anvende anvender anvendte
trenge trenger trengte behov behovet
problem problemet problemer utfordring utfordringen utfordringer
viktig viktigere viktigst viktigste avgjørende
farlig farligere farligst fare faren risiko risikoen
gratis kostnadsfri vederlagsfri
stenge stenger stengte stengt lukke lukker lukket nedlegge nedla nedlagt
åpne åpner åpnet åpnet åpning åpningen
redde redder reddet redning redningen
lete leter letet leting letingen søk søket
savnet savnes forsvunnet forsvant forsvinne
rømme rømmer rømte rømt flykte flykter flyktet
flyktning flyktningen flyktninger asylsøker asylsøkere
resultat resultatet resultater utfall utfallet
løp løpet renn rennet konkurranse konkurransen
lønn lønna lønnen inntekt inntekten inntekter gasje
tap tapet underskudd underskuddet
overskudd overskuddet fortjeneste fortjenesten gevinst gevinsten
strøm strømmen elektrisitet kraft
sykdom sykdommen sykdommer sjukdom
militær militære forsvar forsvaret hær hæren
soldat soldaten soldater soldatene
demonstrasjon demonstrasjonen demonstrere demonstrerte protest protesten protestere protesterte markering aksjon streik streiken streike streiket
publisere publiserer publiserte publisert utgi utgir utga utgitt
utvikle utvikler utviklet utvikling
signere signerer signerte signert underskrive underskrev
forlate forlater forlot forlatt
sparke sparker sparket avskjedige avskjediget
feil feilen tabbe tabben
tilskuer tilskuere tilskuerne publikum publikummet
fans supporter supportere supporterne tilhenger tilhengere tilhengerne
medlem medlemmet medlemmer medlemmene
organisasjon organisasjonen forening foreningen forbund forbundet
journalist journalisten journalister reporter reporteren
ekspert eksperten eksperter fagfolk
telefon telefonen mobil mobilen mobiltelefon
bil bilen biler bilene kjøretøy kjøretøyet kjøretøyer personbil
hus huset bolig boligen boliger bygning bygningen
første først førstemann
god bra bedre best beste flink flinkere flinkest
dårlig dårligere dårligst svak svakere svakest
sterk sterkere sterkest kraftig kraftigere kraftigst
høy høyere høyest høyeste
lav lavere lavest laveste
lang lengre lengst lengste
kort kortere kortest korteste
gammel eldre eldst eldste
tidlig tidligere tidligst
vanskelig vanskeligere vanskeligst tøff krevende
lett lettere lettest enkel enklere enklest
dyrere dyrest dyreste kostbar kostbare
billig billigere billigst rimelig rimeligere rimeligst
sjanse sjansen sjanser mulighet muligheten muligheter
område området områder region regionen distrikt distriktet
land landet nasjon nasjonen nasjoner
fengsel fengselet fengsling
løslate løslater løslot løslatt løslatelse frigi frigir frigitt frigjort
stoppe stopper stoppet stanse stanser stanset
endre endrer endret endring endringen forandre forandrer forandret forandring
snakke snakker snakket prate prater pratet
like liker likte elske elsker elsket
frykte frykter fryktet frykt frykten redd bekymret bekymring
glad glede gleden fornøyd
overraske overrasket overraskelse overraskende
mistenkt mistenkte gjerningsmann gjerningsmannen gjerningsperson gjerningspersonen
tyveri tyveriet stjele stjeler stjal stjålet ran ranet rane ranet
narkotika narkotikaen dop
nettside nettsiden nettsted nettstedet hjemmeside
sjåfør sjåføren fører føreren
pilot piloten flyger flygeren
landslag landslaget landslagene
serie serien liga ligaen
turnering turneringen cup cupen
vinner vinneren mester mesteren
tilbud tilbudet forslag forslaget
lov loven lover regel regelen regler reglene
forby forbyr forbød forbudt forbud forbudet
tillatelse tillatelsen godkjenne godkjenner godkjente godkjent godkjenning
søknad søknaden søke søker søkte søkt
universitet universitetet høyskole høyskolen
pasient pasienten pasienter pasientene
behandling behandlingen behandle behandler behandlet
medisin medisinen medisiner legemiddel legemidler
nyhet nyheten nyheter melding meldingen
rapport rapporten rapporter
bilde bildet bilder foto fotoet fotografi
program programmet sending sendingen
kunde kunden kunder kundene
butikk butikken butikker forretning
vare varen varer produkt produktet produkter
fabrikk fabrikken anlegg anlegget
sjø sjøen hav havet
turist turisten turister besøkende
bok boka boken bøker roman romanen
forfatter forfatteren forfattere
"""


# English news words, written the same way (forms that stem apart listed: «won»/«win», «died»/«die»;
# British and American spellings that Snowball keeps apart: «apologise»/«apologize»), with a
# country next to the adjective its people are called by («Ukraine», «Ukrainian»).
_ENGLISH_GROUPS = """
die dies died dying dead death deaths killed
win wins won winning winner winners victory victories beat beats defeated
lose loses lost losing defeat defeated
buy buys bought buying purchase purchased acquire acquired acquisition
sell sells sold selling sale
start starts started begin begins began begun launch launched launches
found founded establish established
end ends ended finish finished conclude concluded
resign resigned resigns resignation quit quits
ban bans banned banning prohibit prohibited outlaw outlawed
arrest arrested arrests detain detained
charge charged charges indict indicted indictment
sue sued sues lawsuit
jail jailed prison imprisoned
elect elected election vote votes voted ballot
company companies firm firms business corporation
car cars vehicle vehicles
plane planes aircraft jet jets airplane
ship ships vessel vessels boat boats
doctor doctors physician physicians
child children kid kids
country countries nation nations
city cities town towns
cost costs price prices
rise rises rose risen increase increased surge surged soar soared jump jumped
fall falls fell fallen drop dropped decline declined decrease decreased plunge plunged
big bigger biggest large larger largest huge
small smaller smallest tiny
fast faster fastest quick quicker quickest rapid
old older oldest ancient
study studies research survey
scientist scientists researcher researchers
disease diseases illness illnesses
vaccine vaccines jab jabs vaccination vaccinations
film films movie movies
singer singers musician musicians
song songs single hit
book books novel novels
team teams club clubs squad
game games match matches
player players athlete athletes
award awards prize prizes honour honor
storm storms hurricane hurricanes typhoon cyclone
fire fires blaze wildfire wildfires
flood floods flooding
earthquake earthquakes quake
attack attacks attacked assault
bomb bombs explosion explosions blast
war wars conflict
soldier soldiers troops
police cops
missing disappeared vanished
announce announced unveil unveiled reveal revealed
criticise criticised criticize criticized slam slammed
apologise apologised apologize apologized apology
organisation organisations organization organizations
programme programmes program programs
centre centres center centers
defence defense
plan plans planned proposal proposed
law laws legislation
agreement agreements deal deals treaty accord
meeting summit talks
marry married wedding
born birth
world global worldwide
discover discovered discovery uncovered
image images photo photos picture pictures photograph
video videos footage clip
post posts posted tweet tweets tweeted
actor actors actress actresses
teen teens teenager teenagers
woman women female
man men male
ceo boss
employee employees workers staff
job jobs employment
pay salary salaries wages
coronavirus covid
"""
_GROUPS = {"norwegian": _NORWEGIAN_GROUPS, "english": _ENGLISH_GROUPS}


def synonym_groups(language: str) -> tuple[tuple[str, ...], ...]:
    """The groups of near-synonymous word forms of a language profile's name (none for a language without a table)."""
    table = _GROUPS.get(language)
    if table is None:
        return ()
    return tuple(tuple(line.split()) for line in table.strip().splitlines())


@lru_cache(maxsize=8)
def synonym_terms(analyzer: Analyzer) -> Mapping[str, tuple[str, ...]]:
    """Each term of a synonym group, as ``analyzer`` reads it, with the other terms of every group it is in.

    Kept per analyser, which every snapshot of an index shares: analysing the table
    takes about 8 ms, and a new snapshot after each feed round must not pay it again on
    its first question.
    """
    related: dict[str, set[str]] = {}
    for group in synonym_groups(analyzer.profile.name):
        terms = {t for w in group if (t := analyzer.term(w)) is not None}
        for term in terms:
            related.setdefault(term, set()).update(terms - {term})
    return {term: tuple(sorted(others)) for term, others in related.items() if others}
