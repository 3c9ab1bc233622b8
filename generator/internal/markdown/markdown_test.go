package markdown

import (
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

func TestMarkdownText(t *testing.T) {
	base, _ := url.Parse("https://status.example.org/news/x/")
	tests := []struct{ in, want string }{
		{"One *two* `three`.\n\nFour.", "One two three.\n\nFour."},
		{"- a\n- b\n- c\n\nAfter.", "- a\n- b\n- c\n\nAfter."},
		{"1. first\n2. second", "1. first\n2. second"},
		{"- loose\n\n- list", "- loose\n- list"},
		{"See [the bug](https://bugs.example.org/1).", "See the bug (https://bugs.example.org/1)."},
		{"See [other](../y/).", "See other (https://status.example.org/news/y/)."},
		{"Run:\n\n```sh\nsudo dnf upgrade\n```", "Run:\n\n    sudo dnf upgrade"},
		{"<b>raw</b> text", "<b>raw</b> text"},
		{"# Title\n\nText", "Title\n\nText"},
		{"| GPU | Affected |\n|---|---|\n| AMD | yes |\n| Intel | no |\n\nAfter.", "GPU | Affected\nAMD | yes\nIntel | no\n\nAfter."},
		{"- [x] reproduced\n- [ ] fixed", "- [x] reproduced\n- [ ] fixed"},
	}
	for _, tt := range tests {
		if got := Text(tt.in, base); got != tt.want {
			t.Errorf("Text(%q)\n got: %q\nwant: %q", tt.in, got, tt.want)
		}
	}
}

// TestSummary checks the summary lists show: the first paragraph, cut at
// a word, and a paragraph that introduces code followed by the code's
// first line, so that it does not read as cut off.
func TestSummary(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"First *paragraph*.\n\nSecond.", "First paragraph."},
		{"# Title\n\nText under it.", "Text under it."},
		{"Since the update, dnf aborts with:\n\n```\n\nError: Transaction failed\nmore\n```\n", "Since the update, dnf aborts with: “Error: Transaction failed”"},
		{"It fails with:\n\n- a list, not code", "It fails with:"},
		{strings.Repeat("word ", 60), strings.TrimSpace(strings.Repeat("word ", 44)) + "…"},
	} {
		src := []byte(tt.in)
		doc := parse(src)
		if got := Summary(doc, src); got != tt.want {
			t.Errorf("Summary(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestFileRefs checks which links are to files beside the text.
func TestFileRefs(t *testing.T) {
	src := []byte("![a](shot.png) [b](logs/x.txt?raw=1) [c](../other/) [d](/news/) [e](https://example.org/f.png) [f](#top) [g](../../etc/passwd) [h](&#106;avascript:x) [i](./shot.png)\n")
	var got []string
	for _, r := range FileRefs(src) {
		got = append(got, fmt.Sprintf("%s@%d", r.Name, r.Offset))
	}
	if want := "shot.png@0 logs/x.txt@15 shot.png@150"; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %s", got, want)
	}
}

// allocated returns how many bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// parse parses Markdown as Convert does, without rendering it.
func parse(src []byte) ast.Node {
	return markdown.Parser().Parse(text.NewReader(src))
}

// TestPlainTextLinear wants the memory that the plain text of a document
// takes to grow with the document, not with its square: the text of a
// 1 MB entry of 330,000 short paragraphs once took 51 s and 1 GB, copied
// again at every paragraph.
func TestPlainTextLinear(t *testing.T) {
	for _, unit := range []string{"p\n\n", "- item\n", "1. item\n", "> quote\n\n"} {
		src := []byte(strings.Repeat(unit, 20000))
		doc := parse(src)
		var out string
		perByte := allocated(func() { out = PlainText(doc, src) }) / uint64(len(src))
		if perByte > 16 {
			t.Errorf("the plain text of %d × %q allocates %d bytes per byte of Markdown", 20000, unit, perByte)
		}
		if len(out) < len(src)/3 {
			t.Errorf("the plain text of %d × %q is only %d bytes", 20000, unit, len(out))
		}
	}
}

// BenchmarkPlainText converts documents of many short blocks: the time
// per block must not grow with the number of blocks.
func BenchmarkPlainText(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		for _, unit := range []string{"p\n\n", "1. item\n"} {
			src := []byte(strings.Repeat(unit, n))
			doc := parse(src)
			b.Run(fmt.Sprintf("blocks=%d/%s", n, strings.Fields(unit)[0]), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					PlainText(doc, src)
				}
			})
		}
	}
}

// BenchmarkConvertWorst converts 256 KiB (the most an entry may hold) of
// the slowest texts known to goldmark, each cut to the limits Check
// enforces: paragraphs of 8 KiB, 16 quotes and lists to a line. Without
// the limits the first took three minutes, the second 23 s.
func BenchmarkConvertWorst(b *testing.B) {
	const size, para = 256 << 10, MaxParagraph
	fill := func(block string) []byte {
		return []byte(strings.Repeat(block+"\n\n", size/(len(block)+2)))
	}
	for _, tt := range []struct {
		name string
		src  []byte
	}{
		{"emphasis-never-closed", fill(strings.Repeat("*a_", para/3))},
		{"links-never-closed", fill(strings.Repeat("[a](", para/4))},
		{"link-titles-never-closed", fill(strings.Repeat("[a](<", para/5))},
		{"brackets", fill(strings.Repeat("[", para/2) + strings.Repeat("]", para/2))},
		{"nested-lists", fill(strings.Repeat("+ ", MaxNesting) + "a")},
		{"nested-quotes", fill(strings.Repeat("> ", MaxNesting) + "a")},
	} {
		if probs := Check(tt.src); len(probs) > 0 {
			b.Fatalf("%s: %v", tt.name, probs)
		}
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(tt.src)))
			for b.Loop() {
				Convert(tt.src, nil, nil)
			}
		})
	}
}

// BenchmarkFileRefsLook looks for linked files in 256 KiB (the most an
// entry may hold) of the texts hardest for the look before the parse:
// its time per byte must not grow with the text.
func BenchmarkFileRefsLook(b *testing.B) {
	for _, tt := range []struct{ name, unit string }{
		{"logs", "systemd[1]: Timed out\n"},
		{"no-opening-bracket", "a]: b "},
		{"one-long-line", "x [a]: "},
	} {
		src := []byte(strings.Repeat(tt.unit, (256<<10)/len(tt.unit)))
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				mayLinkFile(src)
			}
		})
	}
}
