"""Nynorsk word forms as their Bokmål counterparts, so a question and an article meet whichever written Norwegian each is in.

Most differences between the two are endings the Norwegian Snowball stemmer already
removes: «kampar»/«kampane» and «kamper»/«kampene», «jobba» and «jobbet», «saka» and
«saken», «vanleg» and «vanlig» end in the same stem. What is left are words spelt
differently («frå»/«fra», «mykje»/«mye», «heile»/«hele», «veke»/«uke», «kyrkje»/«kirke»,
«spelar»/«spiller», «namn»/«navn», «Noreg»/«Norge») and a few endings Snowball does not
know («ønskjer», «nyheita»). The analyser turns a Nynorsk word into its Bokmål form before
stemming (:func:`bokmal_word`) and tidies the stem after (:func:`bokmal_stem`); the same
analyser reads articles and questions, so a Nynorsk question finds a Bokmål passage and
a Bokmål question a Nynorsk one.

Left out on purpose: Nynorsk forms that are other Bokmål words, which mapping would
merge — «vann» (won; Bokmål water), «seier» (says; Bokmål victory), «leie» (lead; Bokmål
rent), «bur» (lives; Bokmål cage), «låg» (lay or low), «same» (Bokmål a Sami), «hende».
"""

from __future__ import annotations


def _pairs(text: str) -> dict[str, str]:
    """``"nynorsk=bokmål nynorsk=bokmål …"`` (white space between pairs) as a dict."""
    return dict(item.split("=") for item in text.split())  # type: ignore[misc]


# Lower-case Nynorsk word → its Bokmål form (main inflected forms of frequent words).
_WORDS = _pairs(
    """
    frå=fra ifrå=ifra mykje=mye heile=hele heilt=helt berre=bare sjølv=selv sjølve=selve desse=disse
    noreg=norge noregs=norges òg=også saman=sammen framleis=fortsatt seinare=senere seint=sent sein=sen
    førre=forrige fram=frem utanfor=utenfor innanfor=innenfor framfor=foran difor=derfor dessutan=dessuten
    attende=tilbake fyrst=først fyrste=første einaste=eneste einig=enig einige=enige meir=mer fleire=flere
    fleirtal=flertall fleirtalet=flertallet tal=tall talet=tallet ifølgje=ifølge
    eigen=egen eige=eget eigne=egne eigentleg=egentlig eigar=eier eigaren=eieren eigarar=eiere
    vere=være vore=vært vorte=blitt heiter=heter heitte=het fekk=fikk gjekk=gikk gjere=gjøre gjer=gjør
    seie=si meiner=mener meinte=mente meint=ment meining=mening meininga=meningen trur=tror trudde=trodde
    synest=synes syntest=syntes kjem=kommer kome=komme komande=kommende gjev=gir gje=gi gjeve=gitt
    vunne=vunnet veit=vet sjå=se såg=så fann=fant funne=funnet held=holder heldt=holdt halde=holde
    skreiv=skrev sat=satt sete=sittet stod=sto teke=tatt tek=tar vedteke=vedtatt
    spel=spill spelet=spillet spela=spilt spele=spille spelar=spiller spelaren=spilleren
    spelarar=spillere spelarane=spillerne spelte=spilte spelt=spilt spelast=spilles
    ønskjer=ønsker ønskje=ønske ønskte=ønsket byrja=begynte byrje=begynne byrjar=begynner
    byrjinga=begynnelsen hamna=havnet hamnar=havner stadfesta=bekreftet stadfestar=bekrefter
    stadfeste=bekrefte leiar=leder leiaren=lederen leiarar=ledere leiarane=lederne leidde=ledet
    leiing=ledelse leiinga=ledelsen døydde=døde døy=dø døyr=dør budde=bodde fødd=født selde=solgte
    selje=selge selt=solgt køyrde=kjørte køyre=kjøre køyrer=kjører dømd=dømt dømde=dømte vald=valgt
    valde=valgte velje=velge valet=valget val=valg fortalde=fortalte fortelje=fortelle følgde=fulgte
    følgt=fulgt tilsette=ansatte tilsett=ansatt kjende=kjente kjend=kjent skadd=skadet
    åtvarar=advarer åtvara=advarte åtvaring=advarsel freistar=forsøker freista=forsøkte
    auke=øke aukar=øker auka=økte siger=seier sigeren=seieren sigra=seiret sigrar=seirer
    tene=tjene tener=tjener teneste=tjeneste tenester=tjenester tenesta=tjenesten
    veke=uke veka=uka vekene=ukene veker=uker vekes=ukes kyrkje=kirke kyrkja=kirken kyrkjer=kirker
    verda=verden verdas=verdens namn=navn namnet=navnet namna=navnene stad=sted staden=stedet
    stader=steder gong=gang gonger=ganger gongen=gangen son=sønn sonen=sønnen søner=sønner
    dotter=datter dottera=datteren gut=gutt gutar=gutter gutane=guttene pengar=penger pengane=pengene
    born=barn borna=barna skule=skole skulen=skolen skular=skoler sjuk=syk sjuke=syke sjukehus=sykehus
    sjukehuset=sykehuset sjukdom=sykdom sjukepleiar=sykepleier veg=vei vegen=veien vegar=veier
    vatn=vann vatnet=vannet tilskodarar=tilskuere innbyggjarar=innbyggere innbyggjar=innbygger
    hending=hendelse hendinga=hendelsen hendingar=hendelser undersøking=undersøkelse
    undersøkinga=undersøkelsen undersøkingar=undersøkelser avgjerd=avgjørelse avgjerda=avgjørelsen
    løyve=tillatelse tryggleik=sikkerhet tryggleiken=sikkerheten semje=enighet merksemd=oppmerksomhet
    verksemd=virksomhet verksemda=virksomheten mogleg=mulig moglege=mulige moglegheit=mulighet
    moglegheita=muligheten moglegheiter=muligheter kvit=hvit kvite=hvite heim=hjem heime=hjemme
    heimebane=hjemmebane gammal=gammel gamal=gammel høg=høy høgt=høyt høgare=høyere høgaste=høyeste
    høgste=høyeste lågare=lavere lågaste=laveste haust=høst hausten=høsten straum=strøm
    straumen=strømmen draum=drøm djup=dyp djupt=dypt brot=brudd brotet=bruddet golv=gulv løn=lønn
    døme=eksempel framlegg=forslag framlegget=forslaget sjølvsagt=selvsagt sjølvstendig=selvstendig
    månad=måned månaden=måneden månader=måneder månadene=månedene ulukke=ulykke ulukka=ulykken
    ulukker=ulykker ulukkene=ulykkene opne=åpne opna=åpnet opnar=åpner open=åpen ope=åpent opning=åpning
    opninga=åpningen saknar=savner sakna=savnet sakne=savne ungdomar=ungdommer ungdomane=ungdommene
    rekne=regne reknar=regner rekna=regnet rekning=regning rekninga=regningen syte=sørge syter=sørger
    sytte=sørget
    """
)

# Word parts only Nynorsk spells so, also inside compounds: «oljesølulukka», «hovudstaden», «fotballspelar».
_PARTS = (
    ("ulukk", "ulykk"), ("hovud", "hoved"), ("kyrkj", "kirk"), ("sjukehus", "sykehus"), ("namn", "navn"),
    ("spelar", "spiller"), ("vidaregåande", "videregående"),
)
# Word endings only Nynorsk writes, longest first: «arbeidsledigheita» is «arbeidsledigheten».
_WORD_ENDINGS = (("heitene", "hetene"), ("heiter", "heter"), ("heita", "heten"), ("heit", "het"))
# Endings of a stem (after Snowball) that only Nynorsk writes: «ønskj» is «ønsk».
_STEM_ENDINGS = (("kj", "k"), ("gj", "g"))


def bokmal_word(word: str) -> str:
    """The Bokmål form of a normalised (lower-case) Nynorsk word; any other word unchanged."""
    if word in _WORDS:
        return _WORDS[word]
    for nynorsk, bokmal in _PARTS:
        word = word.replace(nynorsk, bokmal)
    for nynorsk, bokmal in _WORD_ENDINGS:
        if word.endswith(nynorsk):
            return word[: -len(nynorsk)] + bokmal
    return word


def bokmal_stem(stem: str) -> str:
    """A Snowball stem with a Nynorsk-only ending replaced by the Bokmål one («tenkj» → «tenk»)."""
    for nynorsk, bokmal in _STEM_ENDINGS:
        if stem.endswith(nynorsk) and len(stem) - len(nynorsk) >= 2:
            return stem[: -len(nynorsk)] + bokmal
    return stem
