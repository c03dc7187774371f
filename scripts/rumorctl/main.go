// Command rumorctl is the maintainers' tool for Rumorguard lists: validate
// and test the sources, build, sign and verify a list, check text against it.
//
//	rumorctl validate [DIR]                 every problem of the sources, with file:line:column
//	rumorctl test [DIR]                     must-match / must-not-match examples and the false-positive gate
//	rumorctl build [DIR] -out FILE          encode the list (deterministic)
//	rumorctl keygen -out PREFIX             new ed25519 key: PREFIX.key (0600) and PREFIX.pub
//	rumorctl sign -key FILE -in LIST -out SIGNED   sign, and write SIGNED.manifest.json
//	rumorctl verify -keys FILE SIGNED       check a signed list
//	rumorctl token [-hashes FILE]           make a publish token
//	rumorctl publish -server URL SIGNED     upload a signed list (token from $RUMORGUARD_TOKEN)
//	rumorctl translate [-check] [DIR]       machine translations of the phrases (translations.yaml)
//	rumorctl promote [-write] [DIR]         collected texts' pieces that add wording, as phrases
//	rumorctl check [-list DIR|SIGNED] [FILE...]    matches as JSON lines
//
// Exit status: 0 success, 1 the list or its test failed, 2 usage, 3 other errors.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/rumorguard/rumorguard/scripts/listsrc"
)

// Exit codes scripts can rely on.
const (
	exitOK      = 0
	exitFailed  = 1 // validation, test or verification failed
	exitUsage   = 2
	exitTrouble = 3 // I/O and other errors
)

// DefaultList is the bundled list's source directory, relative to the repository root.
const DefaultList = "scripts/lists/default"

type command struct {
	name, args, help string
	run              func(args []string, stdout, stderr io.Writer) error
}

var commands []command

func init() {
	commands = []command{
		{"validate", "[DIR]", "Report every problem of the list sources in DIR (default " + DefaultList + "), each as file:line:column: field: what to do.", runValidate},
		{"test", "[-corpus] [DIR]", "Run each rumor's must-match and must-not-match examples through the matcher; with -corpus also scan the background corpus, where nothing may match.", runTest},
		{"build", "[-version N] -out FILE [DIR]", "Encode the list in DIR into FILE. The same sources always give the same bytes.", runBuild},
		{"keygen", "-out PREFIX", "Make an ed25519 publisher key: PREFIX.key (private, mode 0600, never printed) and PREFIX.pub.", runKeygen},
		{"sign", "-key FILE -in LIST -out SIGNED", "Sign an encoded list and write SIGNED and SIGNED.manifest.json.", runSign},
		{"verify", "-keys FILE SIGNED", "Verify a signed list against the public keys in FILE and print what it holds.", runVerify},
		{"token", "[-hashes FILE] [-out FILE]", "Make a publish token; its SHA-256 goes to the server's token file (-hashes), the token to you.", runToken},
		{"publish", "-server URL [-token-file FILE] [-keys FILE] SIGNED", "Upload a signed list and its manifest (SIGNED.manifest.json) to a list server, with the token from $RUMORGUARD_TOKEN or -token-file.", runPublish},
		{"diff", "[-keys FILE] OLD NEW", "Show what changed between two versions of a list (added, removed and changed rumors, by field), for review.", runDiff},
		{"export-claimreview", "[-keys FILE] [LIST]", "Print the list as schema.org ClaimReview JSON-LD, one review per rumor and language.", runExportClaimReview},
		{"import-claimreview", "[-list DIR] FILE", "Turn ClaimReview JSON-LD (a review, an array or an @graph) into rumor files to edit; existing files are kept.", runImportClaimReview},
		{"translate", "[-check] [DIR]", "Write the machine translations of the collected phrases (" + listsrc.TranslationsFile + ") with Apertium, into each language it has a route to (en, es, fr, it, pt).", runTranslate},
		{"promote", "[-near SHARE] [-write] [DIR]", "Propose pieces of the collected (wild) texts as phrases where they add wording the list lacks (REVIEW.md gives the rule); -write adds them to the rumor files.", runPromote},
		{"eval", "[-quick] [-draws N] [-out FILE] [DIR]", "Measure match quality: precision, recall, F1 and false positives per million words, by kind of variant and language, beside fuse.js on the same data.", runEval},
		{"check", "[-list DIR|SIGNED] [-keys FILE] [FILE...]", "Scan the files (standard input if none) and print one JSON object per match: file, rumor, score, start, end (byte offsets), text.", runCheck},
	}
}

// usageError marks errors in how the command was called.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// failure marks a list that failed validation, tests or verification.
type failure struct{ err error }

func (e failure) Error() string { return e.err.Error() }
func (e failure) Unwrap() error { return e.err }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, rawStdout, rawStderr io.Writer) int {
	// Everything printed goes through terminalWriter: commands print
	// strings from lists and servers they do not control.
	stdout, stderr := &terminalWriter{w: rawStdout}, &terminalWriter{w: rawStderr}
	defer stdout.Flush()
	defer stderr.Flush()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(args[1:], stdout, stderr)
		var ue usageError
		var f failure
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "rumorctl %s: %v\nusage: rumorctl %s %s\n", c.name, err, c.name, c.args)
			return exitUsage
		case errors.As(err, &f):
			fmt.Fprintf(stderr, "%v\n", err)
			return exitFailed
		default:
			fmt.Fprintf(stderr, "rumorctl %s: %v\n", c.name, err)
			return exitTrouble
		}
	}
	fmt.Fprintf(stderr, "rumorctl: unknown command %q (rumorctl help lists them)\n", args[0])
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "rumorctl: maintain Rumorguard rumor lists.\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %s %s\n      %s\n", c.name, c.args, c.help)
	}
	fmt.Fprintln(w, "\nExit status: 0 success, 1 the list failed validation, a test or verification, 2 usage error, 3 other errors.")
	fmt.Fprintln(w, "Run 'rumorctl COMMAND -h' for a command's flags.")
}

// flags makes a FlagSet whose -h prints the command's help.
func flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, c := range commands {
		if c.name == name {
			fs.Usage = func() {
				fmt.Fprintf(stderr, "usage: rumorctl %s %s\n\n%s\n\n", c.name, c.args, c.help)
				fs.PrintDefaults()
			}
		}
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

func dirArg(fs *flag.FlagSet) (string, error) {
	switch fs.NArg() {
	case 0:
		return DefaultList, nil
	case 1:
		return fs.Arg(0), nil
	}
	return "", usageError{"give one list directory"}
}
