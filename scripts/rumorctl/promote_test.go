package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A wild text with wording the list lacks becomes a phrase with its page;
// a paraphrase, a near-copy and another rumor's text do not; and a second
// run proposes nothing.
func TestPromote(t *testing.T) {
	const fresh = "From 16 December Meta will start reading every private message you send on Instagram and Facebook " +
		"and hand them over to its artificial intelligence without asking anyone first."
	wild := `wild:
  - lang: en
    url: https://example.org/circulated
    kind: full
    text: "` + fresh + `"
  - lang: en
    url: https://example.org/described
    kind: paraphrase
    text: "The viral message claims that from 16 December Meta reads all private messages and hands them over to its AI systems without consent."
  - lang: en
    url: https://example.org/near-copy
    kind: excerpt
    text: "Every conversation, every photo, every voice message: fed into AI. Every conversation and every photo, fed into AI."
  - lang: en
    url: https://example.org/other
    kind: full
    text: "Jayden K. Smith wants to be your friend on Facebook, do not accept him, he is a hacker and has a system connected to your account. Copy and forward this to all your contacts."
`
	other := strings.NewReplacer("id: good-rumor", "id: other-rumor",
		"Every conversation. Every photo. Every voice message. Fed into AI.", "Jayden K. Smith wants to be your friend on Facebook, do not accept him, he is a hacker.").Replace(goodRumor)
	dir := writeList(t, map[string]string{
		"list.yaml":               goodHeader,
		"rumors/good-rumor.yaml":  goodRumor + wild,
		"rumors/other-rumor.yaml": other,
	})
	code, out, stderr := rumorctl(t, "promote", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	if !strings.Contains(out, "good-rumor en (https://example.org/circulated)") || !strings.Contains(out, "\n1 phrases from 1 collected texts") ||
		!strings.Contains(out, "1 paraphrases, 1 texts noted as another rumor") || !strings.Contains(out, "1 near-copies") {
		t.Errorf("promote proposed:\n%s", out)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "rumors", "good-rumor.yaml"))
	if string(before) != goodRumor+wild {
		t.Error("promote without -write changed the file")
	}

	if code, out, stderr := rumorctl(t, "promote", "-write", dir); code != 0 {
		t.Fatalf("-write: exit %d\n%s%s", code, out, stderr)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "rumors", "good-rumor.yaml"))
	if !strings.Contains(string(after), "    - text: \""+fresh+"\"\n      from: https://example.org/circulated\n") {
		t.Errorf("the phrase was not added with its page:\n%s", after)
	}
	if code, out, stderr := rumorctl(t, "validate", dir); code != 0 {
		t.Errorf("the promoted list does not validate: exit %d\n%s%s", code, out, stderr)
	}
	if code, out, _ := rumorctl(t, "promote", dir); code != 0 || !strings.Contains(out, "0 phrases from 0 collected texts") || !strings.Contains(out, "2 near-copies") {
		t.Errorf("a second run: exit %d\n%s", code, out)
	}
	if code, _, stderr := rumorctl(t, "promote", "-near", "1.5", dir); code != exitUsage || !strings.Contains(stderr, "between 0 and 1") {
		t.Errorf("-near 1.5: exit %d, %s", code, stderr)
	}
}
