package render

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// versioningRule is why TestSchemaCompatible fails, for whoever changed the
// schema.
const versioningRule = `The status API is a contract with clients that poll it for years and
cannot update in lockstep (SPEC.md, "The status API"). Within version 1:
  - a field keeps its name, its type and its meaning: none is removed or renamed;
  - enums are closed: no value is dropped (documents of older builds would
    fail) and none is added (clients switch on them);
  - no field becomes required (older documents lack it) or optional (clients
    rely on it), and new fields come in optional;
  - objects stay open to new fields.
Additive changes pass. Record them with
    go test ./generator/render -run TestSchemaCompatible -update
so that they are protected too. A breaking change needs a new document:
schema_version 2 at a new path, served beside version 1.`

// publishedSchemas are the schemas the site publishes, each with the
// golden copy of it as published so far.
var publishedSchemas = []struct {
	name   string // as published under /schema/
	schema []byte
}{
	{"status-v1.json", statusSchema},
	{"stats-v1.json", statsSchema},
}

// TestSchemaCompatible compares each published schema with its golden
// copy in testdata (status-v1.golden.json, stats-v1.golden.json), the
// schema as published so far. /stats.json keeps the promise that
// /status.json does.
func TestSchemaCompatible(t *testing.T) {
	for _, ps := range publishedSchemas {
		name := "testdata/" + strings.TrimSuffix(ps.name, ".json") + ".golden.json"
		golden := readSchema(t, name)
		current := decodeSchema(t, ps.schema)
		if breaks := schemaBreaks(golden, current); len(breaks) > 0 {
			t.Fatalf("schema/%s breaks version 1 of its document:\n\t%s\n\n%s", ps.name, strings.Join(breaks, "\n\t"), versioningRule)
		}
		if *update {
			if err := os.WriteFile(name, ps.schema, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestSchemaBreaks checks that the comparison catches each kind of breaking
// change, and lets additive ones pass.
func TestSchemaBreaks(t *testing.T) {
	def := func(s map[string]any, name string) map[string]any {
		return s["$defs"].(map[string]any)[name].(map[string]any)
	}
	props := func(s map[string]any, name string) map[string]any {
		return def(s, name)["properties"].(map[string]any)
	}
	tests := []struct {
		name   string
		change func(s map[string]any)
		want   string // part of the one problem found; "" for none
	}{
		{"a description reworded", func(s map[string]any) {
			def(s, "release")["description"] = "A release."
		}, ""},
		{"a new optional field", func(s map[string]any) {
			props(s, "release")["codename"] = map[string]any{"description": "Its code name.", "type": "string"}
		}, ""},
		{"a new optional field at the top", func(s map[string]any) {
			s["properties"].(map[string]any)["notice"] = map[string]any{"type": "string"}
		}, ""},
		{"a field removed", func(s map[string]any) {
			delete(props(s, "release"), "os_release")
		}, "releases[].os_release: removed or renamed"},
		{"a field renamed", func(s map[string]any) {
			p := props(s, "incident")
			p["eta_time"] = p["eta"]
			delete(p, "eta")
		}, "incidents[].eta: removed or renamed"},
		{"a type narrowed", func(s map[string]any) {
			def(s, "time_or_null")["type"] = "string"
		}, `type ["null" "string"] became ["string"]`},
		{"a type widened", func(s map[string]any) {
			def(s, "packages")["items"] = map[string]any{"type": []any{"string", "null"}}
		}, `incidents[].packages[]: type ["string"] became ["null" "string"]`},
		{"an enum value dropped", func(s map[string]any) {
			def(s, "indicator")["enum"] = []any{"operational", "minor", "major", "critical"}
		}, `indicator: enum value "maintenance" dropped`},
		{"an enum value added", func(s map[string]any) {
			def(s, "indicator")["enum"] = []any{"operational", "maintenance", "minor", "major", "critical", "unknown"}
		}, `indicator: enum value "unknown" added`},
		{"a field made optional", func(s map[string]any) {
			r := def(s, "release")
			r["required"] = slices.DeleteFunc(slices.Clone(r["required"].([]any)), func(v any) bool { return v == "os_release" })
		}, "releases[].os_release: made optional"},
		{"a new field made required", func(s map[string]any) {
			props(s, "release")["codename"] = map[string]any{"type": "string"}
			def(s, "release")["required"] = append(def(s, "release")["required"].([]any), "codename")
		}, "releases[].codename: a new field must be optional"},
		{"the version changed", func(s map[string]any) {
			s["properties"].(map[string]any)["schema_version"] = map[string]any{"const": 2}
		}, "schema_version: const 1 became 2"},
		{"a format changed", func(s map[string]any) {
			def(s, "time")["format"] = "date"
		}, `format "date-time" became "date"`},
		{"a pattern changed", func(s map[string]any) {
			def(s, "release_id")["pattern"] = "^[a-z]+$"
		}, "pattern"},
		{"objects closed", func(s map[string]any) {
			def(s, "release")["additionalProperties"] = false
		}, "releases[]: closed to new fields"},
	}
	golden := readSchema(t, "testdata/status-v1.golden.json")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changed := deepCopy(t, golden)
			tt.change(changed)
			breaks := schemaBreaks(golden, changed)
			switch {
			case tt.want == "" && len(breaks) > 0:
				t.Errorf("an additive change is reported as breaking: %q", breaks)
			case tt.want != "" && len(breaks) == 0:
				t.Errorf("the change is not caught")
			case tt.want != "" && !slices.ContainsFunc(breaks, func(b string) bool { return strings.Contains(b, tt.want) }):
				t.Errorf("got %q, want a problem containing %q", breaks, tt.want)
			}
		})
	}
}

// TestSchemaMadeRequired compares the schema with an older one in which a
// field was optional: documents that lack it were valid, and would fail.
func TestSchemaMadeRequired(t *testing.T) {
	golden := readSchema(t, "testdata/status-v1.golden.json")
	older := deepCopy(t, golden)
	release := older["$defs"].(map[string]any)["release"].(map[string]any)
	release["required"] = slices.DeleteFunc(release["required"].([]any), func(v any) bool { return v == "os_release" })
	want := []string{"releases[].os_release: made required"}
	if got := schemaBreaks(older, golden); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestSchemaDescribed wants a description for the document and for every
// field, on the field or on the definition it refers to: the schema is the
// documentation client authors read.
func TestSchemaDescribed(t *testing.T) {
	for _, ps := range publishedSchemas {
		t.Run(ps.name, func(t *testing.T) { schemaDescribed(t, decodeSchema(t, ps.schema)) })
	}
}

func schemaDescribed(t *testing.T, s map[string]any) {
	if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v, want JSON Schema 2020-12", s["$schema"])
	}
	var walk func(path string, n map[string]any, depth int)
	walk = func(path string, n map[string]any, depth int) {
		if depth > 20 {
			return
		}
		n = resolveRef(s, n)
		if p, ok := n["properties"].(map[string]any); ok {
			for name, sub := range p {
				sub := sub.(map[string]any)
				if _, ok := resolveRef(s, sub)["description"]; !ok {
					if _, ok := sub["description"]; !ok {
						t.Errorf("%s: no description", join(path, name))
					}
				}
				walk(join(path, name), sub, depth+1)
			}
		}
		if items, ok := n["items"].(map[string]any); ok {
			walk(path+"[]", items, depth+1)
		}
	}
	if _, ok := s["description"]; !ok {
		t.Error("the schema has no description")
	}
	walk("", s, 0)
}

// schemaBreaks lists the changes from old to new that break clients of
// old or documents valid under it, by the rule in versioningRule. It
// follows local $refs, and compares what a JSON Schema says about values
// (type, const, enum, format, pattern, properties, required, items,
// additionalProperties, propertyNames), not descriptions.
func schemaBreaks(old, new map[string]any) []string {
	var breaks []string
	add := func(path, format string, args ...any) {
		if path == "" {
			path = "(document)"
		}
		b := path + ": " + fmt.Sprintf(format, args...)
		if !slices.Contains(breaks, b) {
			breaks = append(breaks, b)
		}
	}
	var compare func(path string, o, n any, depth int)
	compare = func(path string, o, n any, depth int) {
		if depth > 30 {
			return // a recursive schema: what follows was compared above
		}
		om, ok1 := o.(map[string]any)
		nm, ok2 := n.(map[string]any)
		if !ok1 || !ok2 {
			if !reflect.DeepEqual(o, n) {
				add(path, "schema %v became %v", o, n)
			}
			return
		}
		om, nm = resolveRef(old, om), resolveRef(new, nm)

		if ot, nt := schemaTypes(om), schemaTypes(nm); !slices.Equal(ot, nt) {
			add(path, "type %q became %q", ot, nt)
		}
		if oc, ok := om["const"]; ok && !reflect.DeepEqual(oc, nm["const"]) {
			add(path, "const %v became %v", oc, nm["const"])
		}
		oe, oHas := om["enum"].([]any)
		ne, nHas := nm["enum"].([]any)
		switch {
		case oHas && !nHas:
			add(path, "enum removed: any value may come")
		case !oHas && nHas:
			add(path, "enum added: values were free")
		}
		for _, v := range oe {
			if nHas && !slices.Contains(ne, v) {
				add(path, "enum value %q dropped", v)
			}
		}
		for _, v := range ne {
			if oHas && !slices.Contains(oe, v) {
				add(path, "enum value %q added", v)
			}
		}
		for _, kw := range []string{"format", "pattern"} {
			if om[kw] != nm[kw] {
				add(path, "%s %q became %q", kw, om[kw], nm[kw])
			}
		}

		op, _ := om["properties"].(map[string]any)
		np, _ := nm["properties"].(map[string]any)
		for name, sub := range op {
			if nsub, ok := np[name]; ok {
				compare(join(path, name), sub, nsub, depth+1)
			} else {
				add(join(path, name), "removed or renamed")
			}
		}
		oreq, nreq := stringSet(om["required"]), stringSet(nm["required"])
		for _, name := range oreq {
			if !slices.Contains(nreq, name) {
				add(join(path, name), "made optional")
			}
		}
		for _, name := range nreq {
			if slices.Contains(oreq, name) {
				continue
			}
			if _, existed := op[name]; existed {
				add(join(path, name), "made required")
			} else {
				add(join(path, name), "a new field must be optional, or documents of older builds fail")
			}
		}

		if oi, ok := om["items"]; ok {
			compare(path+"[]", oi, nm["items"], depth+1)
		}
		if on, ok := om["propertyNames"]; ok {
			compare(path+"{name}", on, nm["propertyNames"], depth+1)
		}
		oa, oHas := om["additionalProperties"]
		na, nHas := nm["additionalProperties"]
		switch {
		case (!oHas || oa == true) && nHas && na != true:
			add(path, "closed to new fields")
		case oHas && oa != true:
			compare(path+"{value}", oa, na, depth+1)
		}
	}
	compare("", old, new, 0)
	slices.Sort(breaks)
	return breaks
}

// resolveRef follows a local "$ref" ("#/$defs/time") to the schema it
// names, keeping the keywords beside it, which in 2020-12 apply too.
func resolveRef(root, n map[string]any) map[string]any {
	for range 10 {
		ref, ok := n["$ref"].(string)
		if !ok {
			return n
		}
		var target any = root
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			m, _ := target.(map[string]any)
			target = m[part]
		}
		merged := map[string]any{}
		if m, ok := target.(map[string]any); ok {
			for k, v := range m {
				merged[k] = v
			}
		}
		for k, v := range n {
			if k != "$ref" {
				merged[k] = v
			}
		}
		n = merged
	}
	return n
}

// schemaTypes returns the JSON types a schema allows, sorted; nil for any.
func schemaTypes(n map[string]any) []string {
	var out []string
	switch v := n["type"].(type) {
	case string:
		out = []string{v}
	case []any:
		out = stringSet(v)
	default:
		if c, ok := n["const"]; ok {
			out = []string{jsonType(c)}
		}
	}
	slices.Sort(out)
	return out
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64, json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

func stringSet(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func readSchema(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return decodeSchema(t, data)
}

func decodeSchema(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var s map[string]any
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	return s
}

func deepCopy(t *testing.T, s map[string]any) map[string]any {
	t.Helper()
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return decodeSchema(t, data)
}
