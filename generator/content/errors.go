package content

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error is one problem in the content, at a position an editor can jump to.
// Line and Col are 1-based; a zero Line means the problem concerns the file
// as a whole, a zero Col the line as a whole.
type Error struct {
	File    string // as the user knows it, e.g. content/news/mesa.md
	Line    int
	Col     int
	Warning bool // allowed, but probably wrong: it does not stop a build
	Err     error
}

func (e *Error) Error() string {
	msg := e.Err.Error()
	if e.Warning {
		msg = "warning: " + msg
	}
	file := QuoteName(e.File)
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", file, msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s", file, e.Line, msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", file, e.Line, e.Col, msg)
}

// QuoteName returns a file name as a problem shows it: as it is, or in Go
// quotes if it holds what would break the problem's line or reach a
// terminal as a command (a line break, an escape sequence), or is not
// UTF-8. A name of the content comes from a pull request.
func QuoteName(name string) string {
	if !utf8.ValidString(name) || strings.IndexFunc(name, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 || strings.HasPrefix(name, `"`) {
		return strconv.Quote(name)
	}
	return name
}

func (e *Error) Unwrap() error { return e.Err }

// Errors returns the positioned problems inside err, which is one *Error,
// a join of them (as Load returns), or nil.
func Errors(err error) []*Error {
	found, _ := Split(err)
	return found
}

// Split splits err into its positioned problems and what else went wrong
// (an unreadable folder, say), looking through joins.
func Split(err error) (found []*Error, other error) {
	var rest []error
	var walk func(error)
	walk = func(err error) {
		var e *Error
		switch x := err.(type) {
		case nil:
		case interface{ Unwrap() []error }:
			for _, err := range x.Unwrap() {
				walk(err)
			}
		default:
			if errors.As(err, &e) {
				found = append(found, e)
			} else {
				rest = append(rest, err)
			}
		}
	}
	walk(err)
	return found, errors.Join(rest...)
}

// problems collects positioned errors during one pass; it is not safe for
// concurrent use, so each goroutine keeps its own and they are merged.
type problems []*Error

func (p *problems) add(file string, pos position, format string, args ...any) {
	*p = append(*p, &Error{File: file, Line: pos.Line, Col: pos.Col, Err: fmt.Errorf(format, args...)})
}

// sort orders the problems by file and position, so that every run
// reports them in the same order.
func (p problems) sort() {
	slices.SortStableFunc(p, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Err.Error(), b.Err.Error()),
		)
	})
}

// join sorts the problems and combines them into one error.
func (p problems) join() error {
	if len(p) == 0 {
		return nil
	}
	p.sort()
	errs := make([]error, len(p))
	for i, e := range p {
		errs[i] = e
	}
	return errors.Join(errs...)
}
