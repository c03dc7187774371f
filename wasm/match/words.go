package match

// Word lists the matcher needs, in normalized form (see textnorm): lower case,
// no diacritics, no apostrophes.

import (
	"strings"
	"sync"
)

// stopwords are function words: they carry little weight in a score and never
// anchor a candidate on their own (a pair of two stopwords is not indexed).
const stopwordsText = `
a an the and or but if of to in on at by for from with as is are was were be been being it its
this that these those there here he she they we you i me my your our their his her them us
do does did have has had will would shall should can could may might must so than then too very
just also about into over out up down all any some such no nor only own same both each few more
most other what which who whom whose when where why how again further once
am him himself herself itself myself yourself yourselves ourselves themselves mine yours hers ours
theirs im ive youre youve youd youll hes shes theyre theyve weve thats theres whats lets
de het een en of maar als dan van voor met op aan bij in uit om te tot door over naar onder
is zijn was waren wordt worden werd werden ben bent heeft hebben had hadden zal zullen zou zouden
kan kunnen kon konden moet moeten mag mogen ik jij je u hij zij ze wij we jullie hun hen mijn jouw
uw zijn haar ons onze dit dat deze die er hier daar wat wie welke waar hoe ook nog al wel zo
hem mij me zich mezelf jezelf zichzelf
der die das ein eine einen einem einer und oder aber wenn von zu im am mit auf an bei aus fur ist
sind war waren wird werden hat haben ich du er sie es wir ihr mein dein sein unser euer
ihn ihm ihnen sich mich dich mir dir uns
le la les un une des et ou mais si du au aux en dans sur par pour avec est sont etait ete je tu il
elle nous vous ils elles mon ton son notre votre leur ce cette ces qui que quoi
el los las unos unas y o pero del al con por para es son era fue yo tu ella nosotros ellos mi su
il lo gli di da della delle dei degli nel nella nei sul sulla che e ed per con tra fra ma anche
questo questa quello quella sono essere ha hanno io lui lei noi voi loro suo sua suoi tuo tua
um uma uns umas os do dos das no na nos nas pelo pela em que e ou mas com por ao aos seu sua
seus suas voce ele ela eles elas nos vos isso isto esse essa este esta foi ser sao tem
`

// negations flip the meaning of a claim, so they must match exactly, and a
// negation that the text adds and the phrase lacks costs far more than filler
// ("Meta will not read your messages" is not the rumor).
const negationsText = `
not no never nor none nobody nothing neither isnt arent wasnt werent dont doesnt didnt wont
cant cannot couldnt shouldnt wouldnt hasnt havent hadnt aint without
zonder ohne sans sin senza sem
niet geen nooit niets niemand noch
nicht kein keine keinen keinem keiner nie niemals nichts
ne pas jamais aucun aucune rien personne non
nunca nada ninguno ninguna nao jamas
mai niente nulla nessuno nessuna
nenhum nenhuma ninguem nem
`

// debunkCues are words that, near a match, mean the text reports the rumor to
// refute it: the extension then shows a quiet "this page fact-checks a known
// rumor" mark instead of a warning. Negation keeps almost every word of a
// rumor, so the cue has to come from the words around it.
const debunkCuesText = `
hoax hoaxes debunk debunked debunks debunking debunker factcheck factchecker factchecked
false untrue fake myth myths bogus misleading misinformation disinformation rumor rumors rumour
rumours snopes scam chainletter copypasta
onwaar nep gerucht geruchten fabel fabeltje desinformatie broodjeaapverhaal kettingbrief
faktencheck falsch geruecht geruchte falschmeldung
faux intox rumeur rumeurs
falso bulo bulos
`

// debunkPairs are two-word cues: "not true", "klopt niet".
var debunkPairs = [][2]string{
	{"not", "true"}, {"isnt", "true"}, {"not", "real"}, {"fact", "check"}, {"fact", "checked"},
	{"klopt", "niet"}, {"niet", "waar"}, {"niet", "echt"}, {"geen", "waarheid"},
	{"nicht", "wahr"}, {"pas", "vrai"},
}

// The sets by word, for the tools (Stopword, Negation), are made on first
// use: the scanner needs only fixedFlags, and every map built at init is
// paid by each start of the extension's worker.
var (
	stopwords = sync.OnceValue(func() map[string]bool { return wordSet(stopwordsText) })
	negations = sync.OnceValue(func() map[string]bool { return wordSet(negationsText) })
)

func wordSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Stopword reports whether a normalized word is a function word that carries
// little meaning on its own ("the", "de", "und").
func Stopword(word string) bool { return stopwords()[word] }

// fixedWordSets are the word sets above with the flag each gives its words.
var fixedWordSets = []flaggedWords{
	{wordStop, stopwordsText},
	{wordNeg, negationsText},
	{wordCue, debunkCuesText},
	{wordNumber, numberWordsText},
}

// fixedFlags gives the flags of every word of fixedWordSets by its hash,
// placed from the hashes and multiplier generated into flagwords_table.go
// (TestFixedFlagWords fails until it is regenerated when a set changes).
var fixedFlags = placeFlags(fixedFlagWords[:], fixedFlagMul, fixedFlagLogb)

//go:generate go test -run ^TestFixedFlagWords$ -update-flagwords .

func wordFlags(h uint64) uint8 { return fixedFlags.get(h) }

// Negation reports whether a normalized word negates a claim ("not", "geen").
func Negation(word string) bool { return negations()[word] }
