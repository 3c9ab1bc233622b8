package content

// Limits on what one file may hold. A site's content comes from pull
// requests, some from people its editors do not know, and is built where
// deploy secrets are: no file, by mistake or on purpose, may hold a build
// for long or take its memory. Real entries stay far below these limits
// (the largest of the sample site is 3 KiB); check reports a file that
// goes past one at the line where it does. Markdown text has limits of
// its own (markdown.MaxNesting, markdown.MaxParagraph).
const (
	// MaxFileSize is the most an entry or site.yaml may hold. No more of
	// a file is read.
	MaxFileSize = 256 << 10
	// MaxFieldSize is the most one value of front matter may hold.
	MaxFieldSize = 64 << 10
	// MaxUpdates is the most updates one entry may have.
	MaxUpdates = 500
)
