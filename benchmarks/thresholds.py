"""When to answer and when to refuse: the relevance bars and the answer judge, on answerable and unanswerable questions.

Two question sets over the development corpus, with the bot's own retriever and split:
the development questions (every one has an answer in the corpus) and
``tests/fixtures/unanswerable.jsonl`` (257 questions the corpus cannot answer, written
for this: foreign sports results, geography, science, history, celebrities, recipes,
and questions that share words with the news, «Hvor mange innbyggere har Tokyo?»
over a typhoon story that names Tokyo; mostly Bokmål, some Nynorsk and English). That
set is split into a tuning half, which the judge is fitted on, and a held-out half,
which nothing here is chosen on. ``tests/fixtures/unanswerable_blind.jsonl`` (157
questions, split ``blind``) was written later by someone else, before any of the second
round's tuning, and checked against the articles by hand; it is only reported.
``tests/fixtures/unanswerable_more.jsonl`` (149 questions, split ``more``, written for
the fourth round before the system was run on them) asks what the news does not tell
about people, places and bodies it names («Hvor ble Donald Trump født?», «Når ble
Rosenborg stiftet?», «Hvem var NATOs første generalsekretær?»); it is reported, and
fitted on only with ``--fit-with-more``.

For each ``min_confidence`` the table gives the share of development questions
answered and the false answers (an unanswerable question answered) in each half;
the configured value is marked. ``--fit`` fits the judge's logistic weights
(:data:`retrieval.ranking.confidence.WEIGHTS`) on the development questions against
the tuning half, with grouped five-fold cross-validation (development questions
grouped by gold article, unanswerable ones by topic), prints each fold's figures at
the ``min_confidence`` that keeps ``--target`` % of the development questions answered
out of fold, and the weights to paste.

    python benchmarks/thresholds.py [--articles PATH] [--questions PATH] [--unanswerable PATH] [--blind PATH] [--more PATH]
        [--fit [--repeats N] [--fit-with-more] [--regularisation C]] [--json]

``--repeats N`` adds, with ``--fit``, the out-of-fold figures over N random grouped
splits (mean and range): one split moves by a few questions of 135 with the fold a
topic falls in, so features are compared on the mean of 20.

The question's bar on the passage score is ``judged_min_score`` (0.3) while the judge is
on, ``min_score`` (0.65) without it. Measured at the defaults (development answered /
false answers in the tuning / held-out half / blind set), before the second stage's
letter sequences: ``min_confidence`` 0.15 (0.169 fitted for exactly 95%): 95.2 / 21.5 /
22.1 / 22.9; with them 0.15 gives 95.0 / 21.5 / 22.1 / 22.3 (no margin) and the
default became 0.14: 95.2 / 23.0 / 25.4 / 22.3 (a refit: the same within a question); 0.1: 96.1 / 25.9 /
28.7 / 28.0; 0.2: 94.3 / 20.0 / 18.9 / 19.1; 0.3: 91.2 / 12.6 / 13.1 / 14.0; 0.5: 84.7
/ 7.4 / 8.2 / 8.3. Out of fold (grouped 5-fold, tuning half): 10.4 / 13.3 / 17.8 / 21.5%
false at 85 / 90 / 93 / 95% answered, by fold at 95% 23.1 / 40.9 / 4.8 / 18.8 / 20.6.
The system before this round (main at 1200e74: ``min_score`` 0.65 for questions too,
``min_confidence`` 0.045) gives 95.3 / 25.2 / 27.9 / 23.6: on the blind set the gain is
one question of 157, against 3.7 and 5.8 points on the two halves written with the
tuned set, so most of it does not carry over to questions written apart; 0.2 would
give 19.1 on the blind set at 94.3% answered.

The two-part quote (``retrieval/ranking/excerpts.py``): the judge's sentence and pair
coverage read only the quoted parts (neighbours only inside one part), refitted:
out of fold over 20 splits 8.1 / 11.7 / 17.6 / 24.4 (5.9–12.6, 9.6–15.6, 15.6–19.3,
22.2–26.7) against 8.0 / 11.8 / 17.1 / 24.1 for the one-slice quote; at the bar fitted
for 95% held-out 17.2, blind 18.5, more 50.3 (17.2 / 19.7 / 50.3). Reading the whole
span from the first part's start to the second's end with the old weights gave 95.2
answered, 20.6 / 21.0 (tuning + held-out / blind); the parts with the old weights
94.9. ``min_confidence`` 0.16: 95.1 / 22.2 / 18.9 / 19.1, more 52.3 (0.15: 95.3 /
24.4 / 19.7 / 20.4; 0.17: 95.0, no margin).

Fourth round (2026-11-29), against main at e008485 (``min_confidence`` 0.15: 95.2 /
23.0 / 18.9 / 21.0, the more set 53.0; out of fold over 20 random grouped splits 8.0 /
11.8 / 17.1 / 24.1 at 85 / 90 / 93 / 95% answered (mean 15.3); at the bar fitted for
95% (0.176) held-out 17.2, blind 19.7, more 50.3). Each candidate beside the current
features: the 20 splits' mean at 85 / 90 / 93 / 95%, then held-out / blind / more at
the bar fitted for 95% of the development questions answered. Nothing was kept; the
judge, its weights and ``min_confidence`` are as they were.

- the more set itself, measured before anything was fitted on it: 53.0% of it is
  answered at the configured 0.15 (50.3 at the fitted bar; 31.5 even at 0.5, where
  86% of the development questions are answered), against about a fifth of the other
  sets. A question about someone the news names, asking what it does not tell («Hvor
  ble Donald Trump født?» over a story about O'Rourke's criticism of him, «Hvem var
  Italias statsminister før Giuseppe Conte?» over Conte's new government at 1.00),
  scores high on the names and looks answered to every feature here. Four of the 153
  drafted questions were answered by their articles after all (the grep had looked
  for the name and the answer in one sentence) and were dropped when read.
- the *unweighted* share of the question's content words in the quote's best sentence
  9.2 / 13.4 / 18.2 / 24.1 (17.2 / 19.7 / 49.7), best pair 9.5 / 13.6 / 18.2 / 24.4
  (17.2 / 19.7 / 50.3), both 9.8 / 14.1 / 18.1 / 24.3 (17.2 / 20.4 / 50.3), the whole
  quote 8.7 / 12.8 / 18.4 / 24.4 (17.2 / 19.7 / 51.0); the count of content words
  missing from the best sentence 8.0 / 12.2 / 17.6 / 24.2 (18.0 / 22.3 / 51.7), pair
  8.2 / 12.3 / 17.3 / 24.1 (17.2 / 20.4 / 51.7), both 8.2 / 12.9 / 17.5 / 24.3 (19.7
  / 22.9 / 52.3), quote 7.9 / 12.0 / 17.8 / 24.9 (19.7 / 22.3 / 52.3).
- coverage split into names and predicate: the share of the non-name content words
  (the relation: «født», «første», «vant») in the best sentence 8.3 / 12.2 / 17.3 /
  24.1 (17.2 / 19.7 / 51.7), pair 8.3 / 12.2 / 17.4 / 24.2 (the same), both 8.5 / 12.3
  / 17.2 / 24.1 (17.2 / 20.4 / 51.7), IDF-weighted 8.0 / 12.1 / 17.1 / 24.5 (17.2 /
  19.7 / 51.7); beside the names' share in the same sentence 8.0 / 12.4 / 18.3 / 24.5
  (17.2 / 19.7 / 51.7), pair 8.0 / 12.5 / 18.3 / 24.6 (17.2 / 20.4 / 51.7); in the
  quote 8.3 / 12.4 / 17.6 / 24.6, in the article 7.9 / 12.1 / 17.1 / 24.1 (17.2 /
  20.4 / 53.0); the number of relation words and of names 8.8 / 14.0 / 19.3 / 24.9.
  By letter sequences (an inflected or compounded «grunnla» / «grunnlagt» counts for
  most of its letters, read in Bokmål): the relation's in the best sentence 8.2 / 12.1
  / 17.3 / 24.0 (17.2 / 19.7 / 51.7), pair 8.2 / 12.1 / 17.2 / 24.1, both 8.1 / 12.0 /
  16.6 / 23.7 (17.2 / 19.1 / 51.7), the quote 8.2 / 12.1 / 17.5 / 24.4, the article 8.0
  / 11.8 / 17.0 / 24.3 (18.0 / 20.4 / 52.3); all content words' in the best sentence
  and pair 8.7 / 12.1 / 16.3 / 22.6 (16.4 / 22.9 / 50.3: the blind set worse).
  The relation is missing more often from what gets through (none of its words in the
  best sentence: 11% of the development questions, 23 / 31 / 24 / 43% of the tuning /
  held-out / blind / more sets), but a ninth of the answerable ones is too many to
  refuse at 95% answered.
- whether the topic is covered anywhere: the best article-letter share among the top 5
  stories 8.5 / 12.2 / 17.2 / 24.8 (19.7 / 21.7 / 53.0), the chosen story's share
  over that best 8.6 / 12.2 / 17.4 / 24.8 (19.7 / 22.3 / 53.0), both 8.6 / 12.2 / 17.2
  / 24.9; the best of the other four 8.0 / 11.7 / 16.5 / 24.1 (18.9 / 20.4 / 52.3),
  the chosen story's lead over it 7.9 / 11.7 / 16.4 / 24.0 (18.9 / 20.4 / 52.3). The
  chosen story is the best-lettered one for nearly every question of every set (its
  share over the best, mean among the answered: 0.99 for the development questions,
  0.95–0.97 for the others): a wrong story is chosen because it names the topic.
- proximity: the question's content words that the quote holds, over the shortest span
  of its words holding them all, 7.7 / 11.6 / 17.4 / 25.2 (18.0 / 19.7 / 52.3), with
  their number 8.2 / 12.2 / 17.9 / 24.9 (18.0 / 20.4 / 52.3).
- a larger tuning set: the more set fitted on beside the tuning half
  (``--fit-with-more``; out of fold counted on the tuning half only): 8.0 / 12.7 / 17.9
  / 25.4, held-out / blind 19.7 / 22.3, worse on both, and it still lets 54.0% of the
  more set through out of fold. The weight of the score turns negative (-0.87: these
  questions score high), which costs the other sets. With each feature above fitted
  so, none did as well on held-out and blind as today's model fitted on the tuning
  half alone (the relation's share in the best sentence: 7.8 / 14.1 / 20.9 / 27.8,
  held-out / blind 19.7 / 23.6, the more set out of fold 53.6; the unweighted share
  8.8 / 13.1 / 18.2 / 24.8, 18.9 / 21.0).
- also, outside the brief: whether the answer finder shows a short answer 8.3 / 12.2 /
  17.5 / 24.2 (18.0 / 18.5 / 52.3), a question asking for a number, name or time
  whose quote gives none 7.8 / 12.2 / 17.0 / 24.3 (16.4 / 18.5 / 50.3, but the tuning
  half at that bar 23.0 against 20.0: no better out of fold, so its held-out and blind
  figures were not taken as a gain; the unanswerable sets ask for a kind more often
  than NorQuAD's questions do, 76–88% against 58%, a difference of how they were
  written), with the question's kind 8.6 / 13.5 / 17.7 / 23.5 (18.0 / 17.8 / 51.0); products of the score, lead and letters with the best
  sentence's coverage 7.9–8.2 / 11.6–12.5 / 16.9–17.9 / 24.3–24.9, none better on
  held-out; all of the brief's four together 10.2 / 14.6 / 19.9 / 26.8 (18.9 / 21.0 /
  55.0).
- stronger regularisation of the logistic fit (``--regularisation``, scikit-learn's
  ``C``; the best sentence's and best pair's weights shrink from 5.25 / -5.02 to 5.12
  / -2.14 at 0.1): C 0.3 8.0 / 11.3 / 16.4 / 24.1 (17.2 / 19.1 / 50.3), 0.1 7.5 / 11.1
  / 16.5 / 23.7 (17.2 / 18.5 / 51.0), 0.03 7.0 / 10.5 / 16.2 / 22.8 (18.9 / 17.8 /
  51.0), 0.01 6.8 / 10.1 / 16.3 / 22.7 (18.9 / 17.8 / 52.3). Over 50 splits 0.1 is
  better than 1.0 in 28–33 of them and worse in 4–10 at each target, by 0.3–0.6
  points. But at a configured bar it is not: refitted at 0.1, ``min_confidence`` 0.165
  answers 95.3% with 23.0 / 19.7 / 20.4 (more 53.0), against 95.2% and 23.0 / 18.9 /
  21.0 (53.0) today; 0.17: 95.1%, 20.7 / 19.7 / 19.7. The held-out half loses a
  question, so it was not kept.

What still gets through is what the third round read, and more of it in the more set:
the question's names in the quote, its relation not, or in another sense. No lexical
feature here tells «the story names him» from «the story says where he was born»; a
reader of the quote does. Meeting issue 11's bar needs a model that reads the
relation (an entailment or reading-comprehension model over the best sentences, which
the project does not have), or questions that are not mostly about what the news names.

Third round (2026-11-29), against main at efc02b9 (``min_confidence`` 0.14: 95.2 /
23.0 / 25.4 / 22.3; out of fold on the one split 11.1 / 12.6 / 20.7 / 23.0 at 85 / 90 /
93 / 95% answered, over 20 random grouped splits 9.6 / 13.0 / 19.8 / 24.7 (8.1–11.9,
10.4–14.8, 17.8–21.5, 23.0–32.6); at the bar fitted for 95%: held-out 23.0, blind
21.7). Features were chosen on the 20 splits' mean; held-out and blind figures are at
the bar fitted for 95% of the development questions answered (in brackets at the
configured ``min_confidence``, 95.3–95.4%):

- kept: the share of the question's four-letter sequences (each word space-padded,
  asking and stop words included, :mod:`retrieval.ranking.letter_grams`) in the
  article's headline and text, *in place of* the article's IDF share of the question's
  terms: 7.6 / 11.2 / 17.2 / 21.5 (5.2–11.9, 8.1–14.8, 15.6–18.5, 20.0–24.4), one
  split 6.7 / 11.9 / 17.8 / 22.2; held-out 17.2 (18.9), blind 18.5 (20.4). Beside the
  term coverage the coverage's weight fell to -0.07, so it went. But the Nynorsk
  development set (``benchmarks/nynorsk.py --out``, then ``eval``) answered 93.9%
  against 95.2 before: a Nynorsk question's «kva», «kven»,
  «ikkje» and endings are letters a Bokmål article never writes. So the question is
  read in Bokmål for its letters (a small table of Nynorsk question and function
  words, other words as the analyser reads them): 8.1 / 11.8 / 17.5 / 21.5 (5.9–11.9,
  9.6–14.8, 16.3–18.5, 20.0–23.7), one split 7.4 / 12.6 / 17.8 / 21.5; held-out 18.0
  (21.3), blind 21.0 (21.0); Nynorsk 94.9% answered. Only the content words' letters
  (no asking or stop words, read in Bokmål): 7.9 / 11.8 / 17.9 / 24.6, Nynorsk 94.8;
  every word but the asking ones: 8.5 / 12.6 / 19.4 / 25.1, Nynorsk 94.7. The gain is
  in the Bokmål questions (false in the tuning / held-out half / blind set, Bokmål
  only: 28 / 28 / 30 before, 23 / 23 / 26 after), not from refusing the Nynorsk and
  English ones. Default ``min_confidence`` 0.15: 95.4 / 19.3 / 21.3 / 21.0 (0.172
  sits on 95.0%; 0.16 gives 95.2 and the same false answers). About 0.1 ms a question
  (0.09–0.55 under load; articles of ~2,000 characters). The labelled dialogues'
    follow-ups 69.5 -> 68.3: one first turn whose quote lacked the answer is refused at
  0.1499 and its follow-up has no story left. Letters weigh a rare name no more than
  «hvorfor»: «Hvorfor returnerte Chaikb?» over «Jeg kom tilbake i dag …, sier
  demonstranten Chaikb Abillamah» (a three-story test corpus) is refused at 0.075
  (0.257 before); the time test now asks in the story's words. Caveat: each added to the old model, the
  same sequences in the chosen passage (7.6 / 11.9 / 15.5 / 19.8), the second stage's
  own feature of that passage (7.7 / 11.3 / 15.4 / 19.1) and the quote's (7.4 / 13.4 /
  16.3 / 21.5) were as good or better out of fold but let more of the blind set
  through (held-out / blind 21.3 / 22.9, 23.0 / 22.3, 20.5 / 24.8; before 23.0 /
  21.7); the article's (added: 7.6 / 11.6 / 17.4 / 21.7) was taken after that was
  seen, better on all three at every bar from 94.5 to 96% answered, so its held-out
  and blind gains are not untouched evidence. The question written from the article
  (NorQuAD's way) repeats its spelling more than a reader's would; the blind set,
  written apart, is the fairer figure.
- not kept, against the kept letters read in Bokmål (8.1 / 11.8 / 17.5 / 21.5): each
  sequence weighted by its word's IDF (a stop word as the commonest term, a word the
  index does not know as the rarest, a sequence of two words as the rarer): 8.0 /
  12.2 / 16.8 / 21.1 (6.7–14.1, 10.4–16.3, 14.8–20.0, 17.8–24.4), by the square root of
  the IDF (a rougher probe) 7.8 / 12.0 / 17.0 / 20.7: within the noise. With the IDF at
  ``min_confidence`` 0.145 (95.2% answered) 20.0 / 18.9 / 19.1, the Nynorsk set 95.0%;
  it answers «Hvorfor returnerte Chaikb?» (the rare name weighs most) but refuses
  «When was Andrew Johnson impeached?» over the Norwegian news (English words the
  index does not know weigh as the rarest, and their letters are not there): the
  labelled dialogues' first turns 73.2 -> 71.8. Tied on everything chosen on, the
  simpler unweighted share stayed; its better held-out and blind figures were seen
  and not used to choose.
- then, each beside the article's letters (of the question as written; 20 splits,
  against 7.6 / 11.2 / 17.2 / 21.5, mean 14.4), none kept. Query performance prediction: NQC (the standard deviation of the top ten
  stories' scores over the first) 6.8 / 11.4 / 16.3 / 22.3; the third story's score
  over the first 7.5 / 11.3 / 15.5 / 20.3 (held-out / blind 15.6 / 20.4); the first
  stage's NQC 7.8 / 11.5 / 16.0 / 21.9; the first stage's score of the chosen story
  over its best 7.6 / 11.7 / 17.2 / 21.9, and whether the first stage had it first 7.7
  / 11.7 / 16.6 / 21.6; query clarity (the KL divergence of the top ten passages'
  language model, score-weighted, from the corpus model) 7.7 / 11.7 / 17.6 / 22.0, the
  same over the question's terms only 7.6 / 11.5 / 17.6 / 21.7; how many stories (up to
  ten) match the question at all 8.3 / 12.2 / 18.4 / 23.1. Robustness under term removal
  (a search per content word, 3–5 a question): the IDF share of the question's
  content words whose removal keeps the first story 8.3 / 12.1 / 17.5 / 21.7; the
  rarest one's 9.0 / 13.1 / 18.9 / 23.1; every one's 7.3 / 11.8 / 17.3 / 21.9; the
  question without its names searched alone (does the predicate find the story):
  the same story first 7.9 / 12.9 / 18.1 / 23.5, its rank 7.9 / 13.5 / 18.3 / 23.9, its
  score over the first 7.9 / 13.4 / 17.5 / 22.6. The second stage's features of the
  chosen passage: the best sentence by in-article rarity 7.7 / 10.9 / 14.1 / 19.7 (the
  best mean, 13.1, but held-out 18.0 (21.3), blind 18.5 (20.4): no gain there), the
  second sentence 8.0 / 12.7 / 18.3 / 22.3, the plain sentence 7.4 / 11.4 / 17.3 /
  22.3, the cue sentence 7.6 / 11.8 / 15.7 / 20.8, the answer's shape 7.8 / 12.0 / 17.6
  / 22.0, a new cue word 7.4 / 12.5 / 16.7 / 23.9, the article's rank 7.2 / 12.5 / 17.4
  / 22.0, the exact forms in the passage 7.7 / 11.8 / 17.2 / 22.0. Letter sequences
  also in the passage 7.4 / 11.2 / 15.8 / 20.5 (held-out / blind 18.9 / 22.9), the
  quote 6.8 / 12.0 / 16.8 / 21.4, the best pair of its sentences 7.2 / 11.9 / 17.1 /
  21.4. The question's consecutive word pairs (one a content word) in the quote 7.4 /
  11.9 / 17.7 / 21.8, in the article 7.2 / 11.4 / 17.5 / 22.3.
- a nonlinear model: scikit-learn's ``HistGradientBoostingClassifier`` over the old
  features (classes balanced, one split): 8.9 / 19.3 / 31.1 / 40.0 (depth 2, 100
  trees), 8.9 / 19.3 / 32.6 / 39.3 (depth 3, 200 trees, 40 a leaf), 9.6 / 19.3 / 31.1
  / 41.5 (8 leaves, L2 1.0); with NQC, clarity, the first stage's ratio, robustness
  and pairs 36.3–40.0. It fits the tuning half (0–15.6% at its fitted bar) and
  overfits: 135 unanswerable questions are too few for trees.
- read (tuning half only): what still gets through is mostly a short question whose
  few words all stand in one sentence in another relation («Hvem var USAs første
  president?» over «… vil bli USAs neste president», «Hvor gammel er Donald Trump?»
  over his hotel income, «Hvem vant Tour de France?» over the podcast); no feature
  here reads the relation.
- changed after merging with the near-synonyms of the second stage (main at ccdcf9d:
  95.6 / 19.3 / 19.7 / 21.7 at 0.15; 95.2 / 18.5 / 17.2 / 21.0 at 0.17): a follow-up
  searched in its story, «og når skjedde det?» after a question about Nato's officers,
  was answered from a story that cannot say when, its only content word missing but
  «og», «når» and «det» giving half its letters (a conversation test). Only the
  content words' letters now count (a Nynorsk one in its Bokmål form; the question and
  function word table went with the rest), refitted: 8.0 / 11.8 / 17.1 / 24.1
  (6.7–12.6, 8.9–15.6, 14.8–19.3, 22.2–26.7), at the bar fitted for 95% held-out 17.2,
  blind 19.7; at 0.15 95.2 / 23.0 / 18.9 / 21.0, the Nynorsk set 94.6% answered. Worse
  on the tuning half, the same on the blind set at 95.2% answered, and a reader's short
  chat question is not judged by the letters of its stop words.

Second round (issue 11's bar), each against the model of its step; out of fold on the
tuning half at 85 / 90 / 93 / 95% answered, and the held-out half at the bar fitted for
95%:

- kept: the counting rule reading a count told in words («ingen», «få», «én»,
  «hundrevis», «et tredvetalls») and a number before either of the two words after
  «hvor mange» (the noun may follow an adjective): 22 -> 17 development questions
  refused by it although answered from their own article, no unanswerable question
  let through; out of fold 8.1 / 14.1 / 19.3 / 26.7 against 8.1 / 14.8 / 19.3 / 28.9;
- kept: ``judged_min_score`` 0.3 instead of ``min_score`` 0.65 for a judged question
  (2.4% of the development questions had no passage past 0.65, 0.3% past 0.3): 10.4 /
  13.3 / 17.8 / 21.5, held-out 22.1 against 27.0; before the counting rule's change
  (95% out of fold / held-out): 0.3 and 0 both 23.0 / 22.1, 0.5 25.2 / 25.4, 0.65
  28.9 / 27.0; at 0.3 with ``min_coverage`` 0.2: 23.7 / 20.5; at 0 with 0: 25.9 / 21.3;
- then, against 10.4 / 13.3 / 17.8 / 21.5 (held-out 22.1), none kept: the share of
  the question's IDF mass in the whole quote: 10.4 / 13.3 / 19.3 / 21.5 (23.0); in the
  passage: 8.9 / 12.6 / 17.8 / 20.0 (24.6); the first score over the mean of results 4
  to 10 (the question's words in unrelated passages): 11.9 / 15.6 / 22.2 / 25.2 (21.3),
  their difference 14.1 / 17.0 / 20.0 / 27.4 (26.2); the rarest question term in the
  quote 9.6 / 14.1 / 20.7 / 23.7 (20.5), in the article 5.9 / 15.6 / 18.5 / 24.4
  (20.5); the log of the question's IDF mass 10.4 / 13.3 / 21.5 / 25.9 (21.3); its
  highest IDF over the rarest 9.6 / 14.8 / 17.8 / 22.2 (22.1); the share of its IDF
  mass the corpus does not know 8.1 / 11.9 / 15.6 / 22.2 (22.1), their number 8.1 /
  11.1 / 17.0 / 24.4 (23.8);
- the asked kind of answer missing from the quote's best pair of sentences (for
  «hvem» a capitalised word that is not the question's nor a sentence's first, for
  «når» a year, month or weekday, for «hvor mange»/«hvor mye» a number): 10.4 / 14.1
  / 20.0 / 21.5 (22.1), from the whole quote 10.4 / 14.1 / 19.3 / 22.2 (22.1): it is
  missing for 10.4% of the development questions and 16.7% of the tuning half;
- a model per question shape (the cue kind as indicators, and their products with the
  pair coverage): 14.8 / 20.7 / 27.4 / 31.9 (24.6) and 12.6 / 20.7 / 25.2 / 33.3 (26.2):
  too few unanswerable questions per shape, it overfits;
- products and curves of the kept features (pair × article coverage, score × pair,
  log score, squares): 20.7 to 23.7 at 95%, held-out 21.3 to 23.0; the logistic
  model's C from 0.1 to 10: the same figures;
- without the question's length (real chat questions are shorter than the
  development set's): 8.9 / 13.3 / 22.2 / 30.4 (31.1), so it stays; without the lead
  over the next story: 8.9 / 11.9 / 18.5 / 21.5 (24.6);
- the question's names missing from the article as a rule: 78 of 2,057 answered
  development questions have one (66 answered from their own article) against 5 + 3
  answered unanswerable ones;
- a follow-up searched in its chosen stories judged as leading by its whole score
  (no other story competes) instead of by none: the labelled dialogues' follow-ups
  70.7 -> 72.0 (main: 72.0), but a follow-up the story cannot answer («og når skjedde
  det?» after a question about Nato's officers) is then answered from it.

First round, ``min_score`` 0.65 (development answered / false answers in the tuning / held-out half):

- before the judge (``min_coverage`` 0.5): 95.7 / 39.3 / 41.0 (95.6 / 37.0 / 37.7 when the judge came);
- ``min_coverage`` 0.3 and the judge at ``min_confidence`` 0.05: 95.0 / 25.2 / 27.0 (the default 0.045, chosen for a margin above 95% answered: 95.3 / 25.2 / 27.9)
  (before the year rule, refitted on the same code: 95.1 / 27.4 / 32.0; main's weights
  before both: 95.3 / 28.9 / 36.1); 0.1: 94.0 / 19.3 / 21.3; 0.2: 91.2 / 14.1 / 14.8;
  0.4: 85.1 / 6.7 / 8.2.

Out of fold (grouped 5-fold, the tuning half), the chosen features let through 8.1 /
14.8 / 20.0 / 29.6% of the unanswerable questions at 85 / 90 / 93 / 95% of the
development questions answered. Before the year rule (a question's year refuses
outright when the article writes years and none within one of it) the same code gave
8.1 / 14.8 / 20.0 / 31.9; at 95% by fold 30.8 / 54.5 / 23.8 / 34.4 / 20.6 -> 26.9 /
45.5 / 23.8 / 34.4 / 20.6. Earlier, before the question's numbers counted with its
names («i 2008» missing from the article), 8.1 / 15.6 / 23.7 / 32.6 against 7.4 / 14.1
/ 19.3 / 28.9 with them (main before the reranking change). What did not pay, same
folds and order (against the model of its day):

- single rules on top of ``min_coverage`` 0.5 (false answers in the tuning half,
  development answered): the quote holding half the question (IDF-weighted; 28%, 85%),
  the rarest question word in the quote (17%, 74%), all the question's names in the
  quote (22%, 74%), a word of the asked kind anywhere in the quote (35%, 89%), the two
  rarest question words in one sentence (8%, 47%);
- words of the asked kind (a number for «hvor mange», a time for «når», a name for
  «hvem») within 6 words of the question's words or in their sentence, in the quote or
  anywhere in the article, and a flag for none, with the quote's coverage: 9.6 / 16.3 /
  23.7 / 34.1 (each within a question or two of the model without it);
- the IDF sum of the question's words in the best sentence and pair, over the rarest
  IDF: 9.6 / 16.3 / 23.7 / 34.1; how often the article says the rarest question word,
  and whether its headline does: 8.1 / 16.3 / 24.4 / 29.6; the unweighted share of the
  question's words in the best sentence and pair: 9.6 / 17.0 / 23.0 / 28.9 (4 to 6
  questions of 135 at 95%, lost again at 90%: noise);
- development questions weighing 0.3, 3 or 10 times as much in the fit: 31.9 / 33.3 /
  31.9 at 95%; ``min_coverage`` 0 or 0.4 under the judge instead of 0.3: within two
  questions, and 0.5 cannot keep 95% answered at all;
- the counting rule as a feature of the model instead of a rule before it: 30.4 at
  95%, within noise, but «Hvor mange innbyggere har Tokyo?» keeps a confidence of 0.15
  on its high score;
- other readings of the year rule, which refuse what the conversation shows on purpose
  as the nearest story, with a note that the time was not found (``bot/periods.py``):
  «the article writes no year within one of the asked one» 8.1 / 13.3 / 19.3 / 25.9
  (held-out 23.8 at the fitted bar), but it refuses «Hvilke veier stengte stormen i
  februar 2020?» over a storm story that writes no year; «the article never writes the
  year» the same, and it also refuses «hva med i 2019?» after «… i 2018?» and «Hvem vant
  World Idol i 2004?» over its own article (which says 2003); «the article writes no
  year at all» 8.1 / 13.3 / 21.5 / 28.1; the first as a model feature instead of a rule:
  8.1 / 13.3 / 19.3 / 27.4, and it still refuses the storm;
- against the model with the no-year-within-one rule (8.1 / 13.3 / 19.3 / 25.9): the question's
  names by written form (folded, a genitive -s either way, Nynorsk read as Bokmål)
  missing from the article, counted beside ``missing_names``: 8.1 / 14.1 / 19.3 / 25.2;
  a name whose term the article has but whose written form it lacks (a stemming
  collision, «Nilen» over «Nils»): 8.9 / 14.1 / 20.0 / 25.9 as a feature, and as a rule
  it refuses 8 answered development questions («Magnus Carles») for 1 + 1
  unanswerable; any content word matched only by collision (same term, no article
  word of that term sharing its first five letters; IDF share): 8.9 / 14.1 / 19.3 /
  26.7 (92 answered development questions have one, against 1 + 5); every number of
  the question (not only years) by written form, counted: 8.1 / 14.1 / 19.3 / 27.4;
- the rarest content word in the quote: 8.9 / 14.1 / 19.3 / 23.7, and in the article:
  the same (three questions at 95%, lost again at 85 and 90%: noise); the content words
  other than the names (what is asked of them: «kone», «hastighet») in the best
  sentence, pair, article: 8.9 / 14.8 / 20.0 / 25.2, 8.9 / 14.1 / 20.0 / 25.9, 9.6 /
  15.6 / 20.0 / 26.7, and the rarest of them in the best pair: 8.9 / 13.3 / 20.0 / 28.1;
- a word the corpus does not know counted as found where its compound parts are (as
  the search reads «kvartfinalekampen»), in all three coverages: 10.4 / 14.8 / 20.7 /
  29.6; in the article's only: 8.1 / 14.8 / 20.0 / 28.1; and a question word the
  corpus does not know (not a name) as a rule: 161 of 2,052 answered development
  questions have one (typos, compounds), against 9 + 7 unanswerable.
- against the model with the year rule as chosen (8.1 / 14.8 / 20.0 / 29.6): the
  question's superlatives and ordinals («største», «første», «flest»; «USAs første
  president» over «USAs neste president») missing from the quote, as a feature: 9.6 /
  14.8 / 18.5 / 30.4; from the article: 9.6 / 15.6 / 19.3 / 30.4; as a rule (quote) it
  refuses 29 answered development questions for 3 + 5 unanswerable ones.

No lexical feature tried here separates the two sets at the bars of issue 11 (95%
answered, at most 5% false): about a tenth of the development questions are answered
from the wrong article, and these features see them as they see the unanswerable ones.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.devset import dev_set_parser  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from retrieval.evaluation import load_questions  # noqa: E402
from retrieval.index.passage_index import IndexSettings, PassageIndex  # noqa: E402
from retrieval.news.loaders import load_corpus  # noqa: E402
from retrieval.ranking.confidence import FEATURES, RULES, AnswerJudge  # noqa: E402
from retrieval.ranking.retriever import Retriever  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
UNANSWERABLE = FIXTURES / "unanswerable.jsonl"
BLIND = FIXTURES / "unanswerable_blind.jsonl"
MORE = FIXTURES / "unanswerable_more.jsonl"
HALVES = ("tune", "heldout", "blind", "more")
TARGETS = (85.0, 90.0, 93.0, 95.0)
# The logistic fit's inverse regularisation strength (scikit-learn's ``C``). 0.1 shrinks the
# opposite weights of the best sentence's and best pair's coverage and does a little better
# out of fold, but not at the configured bar (fourth round, in the docstring).
REGULARISATION = 1.0
CONFIDENCES = (0.0, 0.02, 0.03, 0.04, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)


@dataclass
class Measured:
    """One question set's feature rows (one per question that passed the search bars) and its size."""

    rows: np.ndarray  # questions × FEATURES; NaN where the search bars left nothing (refused whatever the judge says)
    groups: list[str]  # cross-validation group of each row

    @property
    def found(self) -> np.ndarray:
        return ~np.isnan(self.rows[:, 0])

    @property
    def total(self) -> int:
        return len(self.groups)


def measure(
    retriever: Retriever, judge: AnswerJudge, questions: Sequence[tuple[str, str]], min_score: float, min_coverage: float
) -> Measured:
    """Feature rows of ``(question, group)`` pairs (NaN where the search passes nothing past ``min_score`` and ``min_coverage``)."""
    rows, groups = [], []
    for question, group in questions:
        results = retriever.answer(question, 2, min_score=min_score, min_coverage=min_coverage).results
        if results:
            first = results[0]
            scores = [r.score for r in results]
            rows.append(judge.features(question, first.article, first.excerpt.parts, scores))
        else:
            rows.append([np.nan] * len(FEATURES))
        groups.append(group)
    return Measured(np.array(rows, dtype=np.float64).reshape(-1, len(FEATURES)), groups)


def share(confidences: np.ndarray, threshold: float) -> float:
    """Percentage of questions answered at ``threshold`` (NaN: refused by the search bars already)."""
    return round(100 * float(np.sum(np.nan_to_num(confidences, nan=-1.0) >= threshold)) / max(1, confidences.size), 1)


def probabilities(weights: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The judge's confidence for each row (intercept first in ``weights``), 0 where one of its rules refuses outright."""
    modelled = 1 / (1 + np.exp(-np.clip(weights[0] + rows @ weights[1:], -50, 50)))
    return np.where(refused(rows), 0.0, modelled)


def refused(rows: np.ndarray) -> np.ndarray:
    """Which rows one of the judge's rules refuses before the model (:data:`retrieval.ranking.confidence.RULES`)."""
    return np.nan_to_num(rows[:, list(RULES)]).any(axis=1)


def modelled(rows: np.ndarray) -> np.ndarray:
    """Which rows the model decides: a result was found, and no outright rule refused it."""
    return ~np.isnan(rows[:, 0]) & ~refused(rows)


@dataclass(frozen=True)
class Fitting:
    """How the judge's logistic model is fitted: the development questions' weight and the regularisation."""

    dev_weight: float = 1.0  # a development question weighs this many times an unanswerable one, classes balanced first
    regularisation: float = REGULARISATION  # scikit-learn's ``C``: smaller shrinks the weights more


def fit(rows: np.ndarray, labels: np.ndarray, fitting: Fitting = Fitting()) -> np.ndarray:
    """Logistic weights on raw feature scales (intercept first), fitted on standardised features.

    Classes are balanced, then development questions weigh ``fitting.dev_weight`` times more.
    """
    from sklearn.linear_model import LogisticRegression

    mean, scale = rows.mean(axis=0), rows.std(axis=0) + 1e-9
    positives = float(labels.sum())
    weights = {1: fitting.dev_weight * len(labels) / (2 * positives), 0: len(labels) / (2 * (len(labels) - positives))}
    model = LogisticRegression(C=fitting.regularisation, class_weight=weights, max_iter=2000).fit((rows - mean) / scale, labels)
    coefficients = model.coef_[0] / scale
    return np.concatenate([[model.intercept_[0] - float(coefficients @ mean)], coefficients])


def threshold_for(confidences: np.ndarray, target: float) -> float:
    """The highest confidence bar that still answers ``target`` % of the questions."""
    needed = int(np.ceil(target / 100 * confidences.size))
    ordered = np.sort(confidences[~np.isnan(confidences)])[::-1]
    return float(ordered[needed - 1]) if needed <= ordered.size else 0.0


def cross_validate(
    dev: Measured, tune: Measured, fitting: Fitting, folds: int = 5, extra: Measured | None = None
) -> list[dict[str, object]]:
    """Per target: out-of-fold false answers on the tuning half at the bar keeping the target answered, fold by fold.

    ``extra`` unanswerable questions are fitted on with the tuning half but not counted,
    so the figures stay comparable with a fit without them.
    """
    from sklearn.model_selection import GroupKFold

    rows, labels = stacked(dev, tune, extra)
    counted = tuning_rows(dev, tune, extra)
    fold_of = np.zeros(len(labels), dtype=int)
    for number, (_, test) in enumerate(GroupKFold(folds).split(rows, labels, grouped(dev, tune, extra))):
        fold_of[test] = number
    scores = out_of_fold(rows, labels, fold_of, fitting)
    out = []
    for target in TARGETS:
        bar = threshold_for(scores[labels == 1], target)
        per_fold = [share(scores[(fold_of == f) & counted], bar) for f in range(folds)]
        false_tune = share(scores[counted], bar)
        out.append({"target": target, "min_confidence": round(bar, 3), "false_tune": false_tune, "false_by_fold": per_fold})
    return out


def repeated_cross_validation(
    dev: Measured, tune: Measured, fitting: Fitting, repeats: int, folds: int = 5, extra: Measured | None = None
) -> list[dict[str, object]]:
    """Per target: the out-of-fold false answers (tuning half) over ``repeats`` random grouped splits, mean and range.

    One split's figure moves by a few questions of 135 with the fold a topic falls in;
    features compared on it alone were often within that noise. ``extra``: as in
    :func:`cross_validate`.
    """
    rows, labels = stacked(dev, tune, extra)
    counted = tuning_rows(dev, tune, extra)
    _, group_of = np.unique(grouped(dev, tune, extra), return_inverse=True)
    figures = np.zeros((repeats, len(TARGETS)))
    for seed in range(repeats):
        fold_of = np.random.default_rng(seed).permutation(group_of.max() + 1)[group_of] % folds
        scores = out_of_fold(rows, labels, fold_of, fitting)
        for column, target in enumerate(TARGETS):
            figures[seed, column] = share(scores[counted], threshold_for(scores[labels == 1], target))
    return [
        {"target": target, "false_tune_mean": round(float(figures[:, c].mean()), 1),
         "false_tune_range": [float(figures[:, c].min()), float(figures[:, c].max())]}
        for c, target in enumerate(TARGETS)
    ]


def out_of_fold(rows: np.ndarray, labels: np.ndarray, fold_of: np.ndarray, fitting: Fitting) -> np.ndarray:
    """Each row's confidence from the model fitted on the other folds (NaN where the search bars left nothing)."""
    found = modelled(rows)
    scores = np.full(len(labels), np.nan)
    for number in np.unique(fold_of):
        train = np.flatnonzero((fold_of != number) & found)
        test = np.flatnonzero(fold_of == number)
        scores[test] = probabilities(fit(rows[train], labels[train], fitting), rows[test])
    return scores


def grouped(dev: Measured, tune: Measured, extra: Measured | None = None) -> np.ndarray:
    """The cross-validation group of each of :func:`stacked`'s rows: development questions by article, unanswerable ones by topic."""
    unanswerable = tune.groups + (extra.groups if extra else [])
    return np.array([f"dev:{g}" for g in dev.groups] + [f"unanswerable:{g}" for g in unanswerable])


def stacked(dev: Measured, tune: Measured, extra: Measured | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The sets' rows (``extra`` unanswerable ones last), and labels: 1 for a development question, 0 for an unanswerable one."""
    parts = [dev.rows, tune.rows] + ([extra.rows] if extra else [])
    return np.vstack(parts), np.r_[np.ones(dev.total), np.zeros(tune.total + (extra.total if extra else 0))]


def tuning_rows(dev: Measured, tune: Measured, extra: Measured | None = None) -> np.ndarray:
    """Which of :func:`stacked`'s rows are the tuning half's: the ones whose false answers are reported."""
    return np.r_[np.zeros(dev.total), np.ones(tune.total), np.zeros(extra.total if extra else 0)].astype(bool)


def main(argv: list[str] | None = None) -> None:
    parser = dev_set_parser(__doc__)
    parser.add_argument("--unanswerable", type=Path, default=UNANSWERABLE, help="unanswerable questions (JSON Lines with split)")
    parser.add_argument("--blind", type=Path, default=BLIND, help="unanswerable questions written apart, reported only (never fitted on)")
    parser.add_argument(
        "--more", type=Path, default=MORE, help="unanswerable questions about what the news names (split more), reported only unless --fit-with-more"
    )
    parser.add_argument("--fit", action="store_true", help="fit the judge's weights by cross-validation and print them")
    parser.add_argument(
        "--fit-with-more", action="store_true", help="with --fit, fit on the --more questions too (the tuning half's figures still count only its own)"
    )
    parser.add_argument("--target", type=float, default=95.0, help="development share to keep answered when fitting")
    parser.add_argument(
        "--dev-weight", type=float, default=1.0, help="weight of a development question against an unanswerable one (classes balanced first)"
    )
    parser.add_argument(
        "--regularisation", type=float, default=REGULARISATION, help="the logistic fit's inverse regularisation strength (scikit-learn's C)"
    )
    parser.add_argument(
        "--repeats", type=int, default=0, help="with --fit, also this many random grouped 5-fold splits (mean and range)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    settings = load_settings(environ=os.environ)
    retriever = Retriever(PassageIndex.build(load_corpus(args.articles).articles, IndexSettings()))
    judge = AnswerJudge(retriever.index)
    dev_questions = load_questions(args.questions)
    unanswerable = [json.loads(line) for path in (args.unanswerable, args.blind, args.more) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    bars = (settings.question_min_score, settings.min_coverage)
    dev = measure(retriever, judge, [(q.question, q.document_id) for q in dev_questions], *bars)
    halves = {
        half: measure(retriever, judge, [(u["question"], u["topic"]) for u in unanswerable if u["split"] == half], *bars)
        for half in HALVES
    }
    extra = halves["more"] if args.fit_with_more else None
    weights = np.array(judge.weights)
    report: dict[str, object] = {"min_score": settings.question_min_score, "min_coverage": settings.min_coverage}
    if args.fit:
        fitting = Fitting(args.dev_weight, args.regularisation)
        report["cross_validation"] = cross_validate(dev, halves["tune"], fitting, extra=extra)
        if args.repeats > 0:
            report["repeated_cross_validation"] = repeated_cross_validation(
                dev, halves["tune"], fitting, args.repeats, extra=extra
            )
        rows, labels = stacked(dev, halves["tune"], extra)
        found = modelled(rows)
        weights = fit(rows[found], labels[found], fitting)
        bar = threshold_for(probabilities(weights, dev.rows), args.target)
        report["weights"] = [round(float(w), 4) for w in weights]
        report["fitted_min_confidence"] = round(bar, 3)
        report["fitted_at_bar"] = {
            "dev_answered": share(probabilities(weights, dev.rows), bar),
            **{f"false_{half}": share(probabilities(weights, m.rows), bar) for half, m in halves.items()},
        }
    confidences = {"dev": probabilities(weights, dev.rows), **{h: probabilities(weights, m.rows) for h, m in halves.items()}}
    totals = {"dev": dev.total, **{h: m.total for h, m in halves.items()}}
    report["table"] = [
        {"min_confidence": c, "dev_answered": share(confidences["dev"], c),
         "false_tune": share(confidences["tune"], c), "false_heldout": share(confidences["heldout"], c),
         "false_blind": share(confidences["blind"], c), "false_more": share(confidences["more"], c)}
        for c in sorted({*CONFIDENCES, settings.min_confidence})
    ]
    if args.json:
        print(json.dumps(report))
        return
    print(f"min_score {settings.question_min_score} (questions judged), min_coverage {settings.min_coverage}; "
          f"{totals['dev']} development, {totals['tune']} + {totals['heldout']} + {totals['blind']} + {totals['more']} unanswerable questions "
          f"(tuning + held-out + blind + more{', fitted on' if extra else ''})")
    for row in report.get("cross_validation", []):
        folds = " ".join(f"{v:5.1f}" for v in row["false_by_fold"])
        print(f"out of fold, {row['target']:.0f}% answered: min_confidence {row['min_confidence']:.3f}, "
              f"false answers (tuning) {row['false_tune']:5.1f}%  by fold {folds}")
    for row in report.get("repeated_cross_validation", []):
        low, high = row["false_tune_range"]
        print(f"out of fold over {args.repeats} random grouped splits, {row['target']:.0f}% answered: "
              f"false answers (tuning) {row['false_tune_mean']:5.1f}% ({low:.1f}-{high:.1f})")
    if args.fit:
        print(f"weights = {tuple(report['weights'])}")
        print(f"at min_confidence {report['fitted_min_confidence']}: {report['fitted_at_bar']}")
    print("min_confidence  dev answered  false (tuning)  false (held-out)  false (blind)  false (more)")
    for row in report["table"]:
        mark = "  ← configured" if row["min_confidence"] == settings.min_confidence else ""
        cells = (f"{row['min_confidence']:>14.3f}  {row['dev_answered']:>12.1f}  {row['false_tune']:>14.1f}  "
                 f"{row['false_heldout']:>16.1f}  {row['false_blind']:>13.1f}  {row['false_more']:>12.1f}")
        print(cells + mark)


if __name__ == "__main__":
    main()
