package content

import "testing"

func TestSlugOf(t *testing.T) {
	tests := map[string]string{
		"news/2026-11-02-mesa-steam.md": "mesa-steam",
		"mesa-steam.md":                 "mesa-steam",
		"a/b/2026-11-02-x.md":           "x",
		"2026-11-02.md":                 "2026-11-02", // nothing left after the date: keep it
		"2026-11-2-x.md":                "2026-11-2-x",
		"news/Mesa Bug.md":              "Mesa Bug", // Validate rejects it, with a suggestion
	}
	for in, want := range tests {
		if got := SlugOf(in); got != want {
			t.Errorf("SlugOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Mesa 25.2.7-2 update makes Steam games hang":                                  "mesa-25-2-7-2-update-makes-steam-games-hang",
		"KDE Plasma 6.5: session crashes on NVIDIA!":                                   "kde-plasma-6-5-session-crashes-on-nvidia",
		"Mise à jour de Mesa : écran noir":                                             "mise-a-jour-de-mesa-ecran-noir",
		"  --Leading and trailing--  ":                                                 "leading-and-trailing",
		"日本語のタイトル":                                                                     "",
		"A very long title that goes on and on about the update that broke everything": "a-very-long-title-that-goes-on-and-on-about-the-update-that",
	}
	for in, want := range tests {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
		if got := Slugify(in); got != "" && !validName(got) {
			t.Errorf("Slugify(%q) = %q is not a valid slug", in, got)
		}
	}
}

func TestValidName(t *testing.T) {
	for _, ok := range []string{"mesa", "f43", "mesa-25.2", "a_b", "2026-11-02-x"} {
		if !validName(ok) {
			t.Errorf("validName(%q) = false", ok)
		}
	}
	for _, bad := range []string{"", "-x", ".x", "a/b", "a..b", "Mesa", "a b", "é", "../x"} {
		if validName(bad) {
			t.Errorf("validName(%q) = true", bad)
		}
	}
}
