package match

import (
	"fmt"
	"os"
	"testing"

	"github.com/rumorguard/rumorguard/wasm/rumorlist"
)

func TestZZDebug(t *testing.T) {
	p, _ := os.ReadFile("/tmp/matcher-p.txt")
	x, _ := os.ReadFile("/tmp/matcher-x.txt")
	l := &rumorlist.List{Name: "t", Rumors: []rumorlist.Rumor{{ID: "r", Phrases: []rumorlist.Phrases{{Lang: os.Getenv("DBG_LANG"), Texts: []string{string(p)}}}}}}
	m, _ := Compile(l, Options{})
	s := m.pool.Get().(*scanner)
	s.exhaustive = true
	res := s.scan(string(x))
	fmt.Println("cands", len(s.cands))
	for _, c := range s.cands {
		fmt.Printf("  %+v\n", c)
	}
	for _, r := range res {
		fmt.Printf("%v %.3f %q\n", r.Tier, r.Score, string(x)[r.Start:r.End])
	}
}
