package render

import "bytes"

// entryFiles is the view of the files an entry links beside it (an image, a
// log): each is published in the entry's folder, where the page's
// relative link finds it, as it is.
type entryFiles struct{ r *Renderer }

func (v entryFiles) targets() []target {
	var ts []target
	for _, e := range v.r.site.Entries {
		for _, f := range e.Files {
			ts = append(ts, target{name: e.Path()[1:] + f.Name, final: true, render: func(buf *bytes.Buffer) error {
				data, err := v.r.site.ReadFile(f.Path)
				buf.Write(data)
				return err
			}})
		}
	}
	return ts
}
