package main

import (
	"fmt"
	"io"
	"unicode/utf8"
)

// terminalWriter escapes what a terminal would act on instead of print:
// control characters (but newline and tab), C1 controls, bidirectional
// overrides and bytes that are not UTF-8. rumorctl prints strings it does
// not control (a list's key id and names, a server's answer); escaped, none
// can retitle the window, clear the screen or reorder a line. Escapes look
// like Go's: \x1b, \r, \u202e.
type terminalWriter struct {
	w       io.Writer
	pending []byte // the start of a rune split across writes
}

func (t *terminalWriter) Write(p []byte) (int, error) {
	b := append(t.pending, p...)
	t.pending = nil
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		if !utf8.FullRune(b) {
			t.pending = append(t.pending, b...)
			break
		}
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			out = fmt.Appendf(out, `\x%02x`, b[0])
		case r == '\n' || r == '\t':
			out = append(out, byte(r))
		case r == '\r':
			out = append(out, `\r`...)
		case r < 0x20 || r == 0x7f:
			out = fmt.Appendf(out, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f:
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a rune left incomplete at the end, escaped byte by byte.
func (t *terminalWriter) Flush() error {
	p := t.pending
	t.pending = nil
	out := make([]byte, 0, 4*len(p))
	for _, c := range p {
		out = fmt.Appendf(out, `\x%02x`, c)
	}
	_, err := t.w.Write(out)
	return err
}
