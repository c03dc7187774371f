package main

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agnivade/levenshtein"

	"github.com/rumorguard/rumorguard/scripts/perturb"
	"github.com/rumorguard/rumorguard/scripts/synth"
	"github.com/rumorguard/rumorguard/wasm/match"
	"github.com/rumorguard/rumorguard/wasm/rumorlist"
	"github.com/rumorguard/rumorguard/wasm/textnorm"
)

// The peers' task, defined once and run by every contender: the same list,
// the same text for speed, the same planted documents for recall. Earlier
// tables compared rows that ran different lists, texts and tasks under one
// label; now a row that divides by another ran exactly what that one ran.
const (
	peerRumors = 20 // the peers are slow: a list they can finish
	peerPlants = 30 // documents per variant kind
)

var peerKinds = []perturb.Kind{perturb.Verbatim, perturb.Typos1, perturb.Truncate}

type plantedDoc struct {
	Kind  string `json:"kind"`
	Rumor int    `json:"rumor"` // index into the list's Rumors
	Text  string `json:"text"`
}

type peerTask struct {
	list   *rumorlist.List
	text   string // for speed
	docs   []plantedDoc
	signed []byte // the list, signed, for the wasm core
}

func makePeerTask() peerTask {
	src, text := brown()
	size, plants := 20_000, peerPlants
	if *quick {
		size, plants = 5_000, 8
	}
	l := synth.List(peerRumors, src, 1)
	r := rand.New(rand.NewPCG(7, 7))
	var docs []plantedDoc
	for _, k := range peerKinds {
		for i := 0; i < plants; i++ {
			ri := r.IntN(len(l.Rumors))
			variant := perturb.Apply(k, l.Rumors[ri].Phrases[0].Texts[0], "", r)
			docs = append(docs, plantedDoc{string(k), ri, perturb.Plant(text, r.IntN(len(text)-700), 300, variant)})
		}
	}
	enc, err := l.Encode(nil)
	must(err, "encode peers' list")
	signed, err := rumorlist.Sign(enc, testKey())
	must(err, "sign peers' list")
	return peerTask{list: l, text: text[:size], docs: docs, signed: signed}
}

// naivePeer is what a Go developer might write first: slide a window of
// each phrase's length over the text's words and compare with
// github.com/agnivade/levenshtein at 75% similarity.
type naivePeer struct {
	phrases []string // normalized
	rumor   []int    // phrase -> rumor index
}

func newNaivePeer(l *rumorlist.List) *naivePeer {
	p := &naivePeer{}
	for ri, ru := range l.Rumors {
		for _, ph := range ru.Phrases {
			for _, t := range ph.Texts {
				p.phrases = append(p.phrases, textnorm.Normalize(t).Norm)
				p.rumor = append(p.rumor, ri)
			}
		}
	}
	return p
}

func (p *naivePeer) scan(text string) map[int]bool {
	words := strings.Fields(textnorm.Normalize(text).Norm)
	found := map[int]bool{}
	for i, ph := range p.phrases {
		n := len(strings.Fields(ph))
		for s := 0; s+n <= len(words); s++ {
			if d := levenshtein.ComputeDistance(strings.Join(words[s:s+n], " "), ph); float64(d) <= 0.25*float64(len(ph)) {
				found[p.rumor[i]] = true
				break
			}
		}
	}
	return found
}

// kbPerSec times scan over text with testing.Benchmark (about a second).
func kbPerSec(text string, scan func(string)) float64 {
	res := testing.Benchmark(func(b *testing.B) {
		for b.Loop() {
			scan(text)
		}
	})
	return float64(len(text)) / 1000 / (float64(res.NsPerOp()) / 1e9)
}

// recallByKind counts, per kind, the documents in which found reports the
// planted rumor.
func recallByKind(docs []plantedDoc, found func(plantedDoc) bool) map[string]float64 {
	hit, all := map[string]int{}, map[string]int{}
	for _, d := range docs {
		all[d.Kind]++
		if found(d) {
			hit[d.Kind]++
		}
	}
	out := map[string]float64{}
	for k, n := range all {
		out[k] = float64(hit[k]) / float64(n)
	}
	return out
}

// nodePeers is what scripts/benchmark/peers.mjs measures in one node
// process: the wasm core and fuse.js 7 on the same task.
type nodePeers struct {
	WasmKBps, FuseKBps     float64
	WasmRecall, FuseRecall map[string]float64
	Sentences              int
}

func runNodePeers(t peerTask) (nodePeers, error) {
	dir, _ := os.MkdirTemp("", "rumorguard-peers-")
	defer os.RemoveAll(dir)
	type phrase struct {
		Rumor int    `json:"rumor"`
		Text  string `json:"text"`
	}
	var phrases []phrase
	for ri, ru := range t.list.Rumors {
		for _, ph := range ru.Phrases {
			for _, s := range ph.Texts {
				phrases = append(phrases, phrase{ri, s})
			}
		}
	}
	task, _ := json.Marshal(map[string]any{"phrases": phrases, "text": t.text, "docs": t.docs})
	files := map[string][]byte{"task.json": task, "list.rgl": t.signed, "keys": []byte(rumorlist.FormatPublicKey(testKey().Public().(ed25519.PublicKey)))}
	for name, b := range files {
		must(os.WriteFile(filepath.Join(dir, name), b, 0o644), "write "+name)
	}
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	cmd := exec.Command("node", "scripts/benchmark/peers.mjs", dir, abs(".rumorguard/wasm_exec.js"), abs(".rumorguard/core.wasm"))
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return nodePeers{}, fmt.Errorf("node peers: %w", err)
	}
	var res nodePeers
	return res, json.Unmarshal(b, &res)
}

// peerRows runs the task for every contender and adds the peers and recall
// rows: Rumorguard native beside the naive Go peer, Rumorguard wasm in node
// beside fuse.js in node (the like-for-like runtime), native beside fuse.js
// labelled as such, and one recall task for all.
func peerRows() {
	fmt.Fprintln(os.Stderr, "== bench: the peers' task (Rumorguard native and wasm, naive Go, fuse.js)")
	t := makePeerTask()
	m, err := match.Compile(t.list, match.Options{})
	must(err, "compile peers' list")
	naive := newNaivePeer(t.list)
	what := fmt.Sprintf("%d rumors (%d phrases), the same %d KB of Brown text", len(t.list.Rumors), len(naive.phrases), len(t.text)/1000)

	native := kbPerSec(t.text, func(s string) { m.Scan(s) })
	slow := kbPerSec(t.text, func(s string) { naive.scan(s) })
	add("peers", "Rumorguard native (Go), "+what, kbs(native), "1.00")
	add("peers", "naive sliding window + agnivade/levenshtein (Go), "+what, kbs(slow), fmt.Sprintf("Rumorguard native %.0f× faster", native/slow))
	node, err := runNodePeers(t)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		add("peers", "node rows", "failed: "+err.Error(), "")
	} else {
		add("peers", "Rumorguard wasm in node, "+what, kbs(node.WasmKBps), "1.00 (node rows)")
		add("peers", fmt.Sprintf("fuse.js 7 in node, each of the %d sentences searched, %s", node.Sentences, what), kbs(node.FuseKBps),
			fmt.Sprintf("Rumorguard wasm in node %.0f× faster (native: %.0f×)", node.WasmKBps/node.FuseKBps, native/node.FuseKBps))
	}

	ours := recallByKind(t.docs, func(d plantedDoc) bool {
		for _, x := range m.Scan(d.Text) {
			if x.Rumor == d.Rumor {
				return true
			}
		}
		return false
	})
	theirs := recallByKind(t.docs, func(d plantedDoc) bool { return naive.scan(d.Text)[d.Rumor] })
	per := len(t.docs) / len(peerKinds)
	for _, k := range peerKinds {
		label := fmt.Sprintf("one task for all: %d documents with a planted %s variant, the %d-rumor list above, a mark of either tier counts", per, k, len(t.list.Rumors))
		value := fmt.Sprintf("Rumorguard native %.2f", ours[string(k)])
		ratio := fmt.Sprintf("naive %.2f", theirs[string(k)])
		if err == nil {
			value += fmt.Sprintf(", wasm in node %.2f", node.WasmRecall[string(k)])
			ratio += fmt.Sprintf(", fuse.js %.2f", node.FuseRecall[string(k)])
		}
		add("recall", label, value, ratio)
	}
}
