package match_test

import (
	"strings"
	"testing"

	"github.com/rumorguard/rumorguard/scripts/listsrc"
	"github.com/rumorguard/rumorguard/wasm/match"
)

// TestRealRewordedVersions: real circulated versions (train split) that the
// default sensitivity warns about since it starts at 0.65 and a replaced word
// costs 0.3 (the first five scored 0.65-0.7 before, the last one 0.61),
// checked as the evaluation checks them: their own publisher's phrases left
// out. The same text with a meaning flip still gets no warning (a negation
// added or dropped; for the long texts, in the sentences that carry the
// claim, since the rest of such a text still spreads the rumor). The last
// two scored 0.7-0.8, warned about since the threshold left 0.8, and must
// still score under it.
//
// A flip is checked where it is: no warning may touch the sentences that
// differ from the real text.
func TestRealRewordedVersions(t *testing.T) {
	// The collected phrases, without their machine translations: the
	// thresholds were chosen on them, and a translation that catches one of
	// these texts, or misses it, says nothing about the scoring.
	s, err := listsrc.LoadCollected("../../scripts/lists/default")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		rumor, url, text, flipped string
		under                     float64 // if set, the text scores under it
	}{
		{"hiv-needles-petrol-pump", "https://www.mimikama.org/hiv-nadel-zapfpistole/",
			"Please look before gassing up there putting infected HIV needles In the gas stations plz warn every friend of yours and family members. Guys plz share share share",
			"Please look before gassing up, nobody is putting infected HIV needles In the gas stations plz warn every friend of yours and family members. Guys plz share share share", 0},
		{"paracetamol-p500-machupo-virus", "https://www.newtral.es/fact-check/no-existe-ningun-paracetamol-que-contenga-o-transmita-el-virus-machupo",
			"considerado uno de los virus más peligrosos del mundo, con altas tasas de mortalidad",
			"no es considerado uno de los virus más peligrosos del mundo, con altas tasas de mortalidad", 0},
		{"facebook-algorithm-25-friends", "https://www.guidelive.com/viral/2018/02/08/dont-fall-new-viral-hoax-facebook-feed-26-friends-limit.amp",
			"The new algorithm controlling Facebook's news feed now shows only posts from the same few people, about 25. Their system chooses the people to read your posts, but I would like to choose for myself. Therefore, I ask you a favor: please, right now...Leave me a quick comment, a 'hello,' a sticker, whatever you want - don't just 'like' - post something - so you will appear in my news feed. I have some interesting news coming and want to make sure it reaches you.",
			"The new algorithm controlling Facebook's news feed does not show only posts from the same few people, about 25. Their system does not choose the people to read your posts, but I would like to choose for myself. Therefore, I ask you a favor: please, right now...Leave me a quick comment, a 'hello,' a sticker, whatever you want - don't just 'like' - post something - so you will appear in my news feed. I have some interesting news coming and want to make sure it reaches you.", 0},
		{"keychain-tracking-chip-petrol-station", "https://www.liveabout.com/criminals-use-key-ring-chips-3299091",
			"CRIMINAL'S NEW STRATEGY: Handing out Key Rings as Tracking Device *Don't know if it's true, but best to be on the safe side.* For your information please: There is a syndicate of criminals presenting themselves as sales promoters who are giving free key-rings/holders at petrol stations or parking lots. Those key ring/holders have a tracking device chip which allows them to follow you. Please don’t accept them. They select their seemingly well-to-do potential victims and if you accept, then you will be in for their tricks. The key holders are very beautiful to resist accepting but remember you may end up paying more than the key holder including the risk to your life. Please advise your family members as well.",
			"There is no syndicate of criminals presenting themselves as sales promoters who are giving free key-rings/holders at petrol stations or parking lots. Those key ring/holders have no tracking device chip which allows them to follow you.", 0},
		{"facebook-new-rule-tomorrow-photos", "https://www.mimikama.org/fake-morgen-beginnt-das-neue-facebook/",
			"Nicht vergessen, morgen beginnt das neue Facebook (aka… Neuer Name, META) Regel, wo sie deine Fotos verwenden können. Vergesst nicht, dass die Deadline heute ist!!! Ich erteile Facebook und anderen mit Facebook verbundenen Einrichtungen nicht die Erlaubnis, meine Bilder, Informationen, Nachrichten oder Beiträge sowohl in der Vergangenheit als auch in der Zukunft zu verwenden. Mit dieser Erklärung gebe ich Facebook Bescheid, dass es aufgrund dieses Profils und/oder seiner Inhalte streng verboten ist, offenzulegen, zu kopieren, zu verbreiten oder andere Maßnahmen gegen mich zu ergreifen. Die Information: Die Verletzung der Privatsphäre kann gesetzlich bestraft werden HINWEIS: Facebook ist jetzt eine öffentliche Einrichtung. Alle Mitglieder müssen eine solche Notiz posten.",
			"Ich erteile Facebook und anderen mit Facebook verbundenen Einrichtungen die Erlaubnis, meine Bilder, Informationen, Nachrichten oder Beiträge sowohl in der Vergangenheit als auch in der Zukunft zu verwenden.", 0},
		{"facebook-privacy-notice", "http://www.haz.de/Nachrichten/Medien/Netzwelt/Kettenbrief-fordert-zum-Widerspruch-gegen-AGB-von-Facebook-auf",
			"Ich gebe weder Facebook noch irgendeiner Organisation, die mit Facebook verbunden ist, die Erlaubnis, meine Bilder, Informationen, Nachrichten oder Beiträge aus der Vergangenheit und der Zukunft zu nutzen.",
			"Ich gebe Facebook und irgendeiner Organisation, die mit Facebook verbunden ist, die Erlaubnis, meine Bilder, Informationen, Nachrichten oder Beiträge aus der Vergangenheit und der Zukunft zu nutzen.", 0},
		{"facebook-privacy-notice", "https://momentoverdadeiro.com/2016/06/declaracao-dizendo-nao-dou-permissao-ao-facebook-nao-serve-pra-nada.html?m=0",
			"não dou permissão ao Facebook para usar minhas imagens, informação ou publicações tanto do passado como do futuro...",
			"dou permissão ao Facebook para usar minhas imagens, informação ou publicações tanto do passado como do futuro...", 0.8},
		{"covid-hold-breath-10-seconds", "https://www.elimparcial.com/estilos/Te-aclaramos-si-un-ejercicio-de-respiracion-te-puede-servir-como-metodo-de-diagnostico-para-el-COVID-19-20200411-0070.html",
			"Respira hondo y aguanta la respiración por más de 10 segundos. Si lo completa con éxito sin toser, sin molestias, congestión u opresión, etc., esto demuestra que no hay fibrosis en los pulmones, lo que básicamente indica que no hay infección",
			"Respira hondo y aguanta la respiración por más de 10 segundos. Si lo completa con éxito sin toser, sin molestias, congestión u opresión, etc., esto demuestra que hay fibrosis en los pulmones, lo que básicamente indica que hay infección", 0.8},
		// Found since the bag allows as many filler content words as matched
		// ones (was a third): a version reworded along its whole length keeps
		// the phrase's words further apart.
		{"cough-cpr-heart-attack-alone", "http://www.elpais.com.uy/vida-actual/whatsapp-toser-infarto-salvar-vida.html",
			"pueden ayudarse a sí mismas por medio de provocar la tos en repetidas ocasiones y con mucha energía. Se debe hacer una respiración profunda y con los pulmones llenos, provocarse una tos profunda y prolongada, como cuando la producción de flemas",
			"no pueden ayudarse a sí mismas por medio de provocar la tos en repetidas ocasiones y con mucha energía. No se debe hacer una respiración profunda y con los pulmones llenos, ni provocarse una tos profunda y prolongada, como cuando la producción de flemas", 0},
		{"whatsapp-saturday-charging-blue-logo", "https://www.mimikama.at/kettenbrief-whatsapp/",
			"Samstagmorgen wird WhatsApp zahlbar! Wenn Sie mindestens 20 Kontakte haben, senden Sie ihnen diese Nachricht. Dies führt dazu, dass Sie ein häufiger Benutzer sind und Ihre Website blau wird und kostenlos bleibt (worüber im Fernsehen gesprochen wurde). WhatsApp kostet 0,01 € pro Na",
			"Samstagmorgen wird WhatsApp nicht zahlbar! Wenn Sie mindestens 20 Kontakte haben, senden Sie ihnen diese Nachricht nicht. Dies führt nicht dazu, dass Sie ein häufiger Benutzer sind und Ihre Website blau wird und kostenlos bleibt (worüber im Fernsehen gesprochen wurde). WhatsApp kostet nicht 0,01 € pro Na", 0},
	} {
		found := false
		for _, w := range s.Wild {
			found = found || w.Rumor == c.rumor && w.URL == c.url && w.Text == c.text
		}
		if !found {
			t.Fatalf("%s: the wild text from %s is not in the list sources", c.rumor, c.url)
		}
		pub := listsrc.PublisherKey(c.url)
		l := s.Build(func(_ string, o listsrc.Origin) bool { return listsrc.PublisherKey(o.From) == pub })
		best := func(m *match.Matcher, text string) match.Match {
			var b match.Match
			for _, x := range m.Scan(text) {
				if x.ID == c.rumor && (x.Tier > b.Tier || x.Tier == b.Tier && x.Score > b.Score) {
					b = x
				}
			}
			return b
		}
		def, err := match.Compile(l, match.Default)
		if err != nil {
			t.Fatal(err)
		}
		if b := best(def, c.text); b.Tier != match.Matches || c.under > 0 && b.Score >= c.under {
			t.Errorf("%s from %s: %v at %.2f, want a match (scoring under %.1f if set)", c.rumor, c.url, b.Tier, b.Score, c.under)
		}
		// The flipped sentences are those where the flipped text leaves the
		// real one; no warning may touch them. The unflipped sentences of a
		// long text (its call to share, to comment) still spread the rumor
		// and may be marked.
		from, to := flippedSentences(c.text, c.flipped)
		for _, x := range def.Scan(c.flipped) {
			if x.ID == c.rumor && x.Tier == match.Matches && x.Start < to && from < x.End {
				t.Errorf("%s, meaning flipped: %v at %.2f on %q, want no warning on the flipped sentences %q", c.rumor, x.Tier, x.Score, c.flipped[x.Start:x.End], c.flipped[from:to])
			}
		}
	}
}

// flippedSentences returns the byte range of b's sentences that differ from
// a: from the sentence where b first leaves a to the end of the sentence
// where the two last differ.
func flippedSentences(a, b string) (from, to int) {
	for from < len(a) && from < len(b) && a[from] == b[from] {
		from++
	}
	to = len(b)
	for k := len(a); to > from && k > from && a[k-1] == b[to-1]; k-- {
		to--
	}
	if i := strings.LastIndexAny(b[:from], ".!?\n"); i >= 0 {
		from = i + 1
	} else {
		from = 0
	}
	if i := strings.IndexAny(b[to:], ".!?\n"); i >= 0 {
		to += i + 1
	} else {
		to = len(b)
	}
	return from, to
}
