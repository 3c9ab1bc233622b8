package generator

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Error is one problem in the content, at a position an editor can jump to.
// Line and Col are 1-based; a zero Line means the problem concerns the file
// as a whole, a zero Col the line as a whole.
type Error struct {
	File string // as the user knows it, e.g. content/news/mesa.md
	Line int
	Col  int
	Err  error
}

func (e *Error) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Col, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Errors returns the positioned problems inside err, which is one *Error,
// a join of them (as returned by Validate), or nil.
func Errors(err error) []*Error {
	found, _ := flatten(err)
	return found
}

// flatten splits err into its positioned problems and anything else (an
// unreadable directory, say), looking through joins.
func flatten(err error) (found []*Error, other []error) {
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
				other = append(other, err)
			}
		}
	}
	walk(err)
	return found, other
}

// problems collects positioned errors during one pass; it is not safe for
// concurrent use, so each goroutine keeps its own and they are merged.
type problems []*Error

func (p *problems) add(file string, pos Pos, format string, args ...any) {
	*p = append(*p, &Error{File: file, Line: pos.Line, Col: pos.Col, Err: fmt.Errorf(format, args...)})
}

// join sorts the problems by file and position so that every run reports
// them in the same order, and combines them into one error.
func (p problems) join() error {
	if len(p) == 0 {
		return nil
	}
	slices.SortStableFunc(p, compareErrors)
	errs := make([]error, len(p))
	for i, e := range p {
		errs[i] = e
	}
	return errors.Join(errs...)
}

func compareErrors(a, b *Error) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.Err.Error(), b.Err.Error()),
	)
}

// JoinErrors combines errors from several stages (loading, validation) into
// one, with the positioned problems sorted as a whole and anything without a
// position first.
func JoinErrors(errs ...error) error {
	var p problems
	var other []error
	for _, err := range errs {
		found, rest := flatten(err)
		p = append(p, found...)
		other = append(other, rest...)
	}
	if len(other) == 0 {
		return p.join()
	}
	return errors.Join(append(other, p.join())...)
}
