package content

import (
	"strings"
	"testing"
)

const announceYAML = testSiteYAML + `services:
  - id: koji
    name: Koji
announce:
  websub_hub: https://hub.example.org/
  channels:
    - id: f43-list
      releases: [f43]
      kinds: [incident, maintenance]
      mail:
        server: smtp.example.org:587
        from: Status <status@example.org>
        to: [f43-announce@lists.example.org, ops@example.org]
        username: status
        password_env: SMTP_PASSWORD
    - id: room
      matrix: {homeserver: "https://matrix.example.org", room: "!abc:example.org", token_env: MATRIX_TOKEN}
    - id: hook
      services: [koji]
      webhook: {url: "https://hooks.example.org/in", secret_env: HOOK_SECRET}
    - id: forum
      discourse: {url: "https://discussion.example.org", category: 7, api_username: status, api_key_env: DISCOURSE_KEY}
    - id: team
      slack: {url_env: SLACK_URL}
`

func TestAnnounceSection(t *testing.T) {
	site, _, err := openTest(t, announceYAML, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := site.Announce
	if a == nil || a.Hub != "https://hub.example.org/" || len(a.Channels) != 5 {
		t.Fatalf("announce: %+v", a)
	}
	var types []string
	for _, c := range a.Channels {
		types = append(types, c.ID+"="+c.Type())
	}
	if got := strings.Join(types, " "); got != "f43-list=mail room=matrix hook=webhook forum=discourse team=slack" {
		t.Errorf("channels: %s", got)
	}
	m := a.Channels[0].Mail
	if m.ListID != "f43-announce.lists.example.org" || m.Password.Env != "SMTP_PASSWORD" || m.Password.Line != 26 || len(m.To) != 2 {
		t.Errorf("mail: %+v", m)
	}
	if d := a.Channels[3].Discourse; d.Category != 7 || d.APIKey.Env != "DISCOURSE_KEY" {
		t.Errorf("discourse: %+v", d)
	}

	incident := &Entry{Kind: Incident, Releases: []string{"f43"}}
	koji := &Entry{Kind: Incident, Services: []string{"koji"}}
	news := &Entry{Kind: Announcement, Releases: []string{"f43"}}
	for _, tt := range []struct {
		c    *Channel
		e    *Entry
		want bool
	}{
		{a.Channels[0], incident, true},
		{a.Channels[0], koji, false},
		{a.Channels[0], news, false}, // not one of its kinds
		{a.Channels[1], koji, true},  // no filter: everything
		{a.Channels[2], koji, true},
		{a.Channels[2], incident, false},
	} {
		if got := tt.c.Wants(tt.e); got != tt.want {
			t.Errorf("%s wants %v: %v, want %v", tt.c.ID, tt.e, got, tt.want)
		}
	}
}

// TestAnnounceErrors pins the problems of the announce section, each at
// its line, and checks that no secret written by mistake is repeated.
func TestAnnounceErrors(t *testing.T) {
	const f = "content/site.yaml"
	base := testSiteYAML + "announce:\n  channels:\n"
	tests := []struct{ name, yaml, want string }{
		{"password written", base + "    - id: l\n      mail: {server: \"s:587\", from: a@b.org, to: c@d.org, username: u, password: hunter2-secret}\n",
			f + `:15:13: mail of channel 1 needs both username and password_env, or neither` + "\n" +
				f + `:15:72: password must not be written in site.yaml, which is public: put it in an environment variable (a secret of the workflow) and name the variable with password_env`},
		{"slack url written", base + "    - id: t\n      slack:\n        url: https://hooks.slack.com/services/T0/B0/sekrit\n",
			f + `:16:9: missing field "url_env" in slack of channel 1` + "\n" +
				f + `:16:9: url must not be written in site.yaml, which is public: put it in an environment variable (a secret of the workflow) and name the variable with url_env`},
		{"two targets", base + "    - id: x\n      webhook: {url: \"https://h.example.org/\", secret_env: S}\n      slack: {url_env: U}\n",
			f + `:14:7: channel 1 has webhook and slack: give one place to send to a channel, and make a channel for each`},
		{"nowhere", base + "    - id: x\n      releases: [f43]\n",
			f + `:14:7: channel 1 says nowhere to send: give one of mail, matrix, webhook, discourse, slack`},
		{"unknown release and kind", base + "    - id: x\n      releases: [f44]\n      kinds: [outage]\n      slack: {url_env: U}\n",
			f + `:15:18: unknown release "f44"; did you mean "f42"? known: f42, f43, f41, all` + "\n" +
				f + `:16:15: kind "outage" is not one of incident, announcement, maintenance`},
		{"bad values", base + "    - id: Room\n      matrix: {homeserver: matrix.example.org, room: \"#fedora:example.org\", token_env: \"$TOKEN\"}\n",
			f + `:14:11: channel id "Room" must be lowercase letters, digits and hyphens, like f43-announce` + "\n" +
				f + `:15:28: homeserver "matrix.example.org" must be an absolute http:// or https:// URL, like https://matrix.example.org` + "\n" +
				f + `:15:54: room "#fedora:example.org" must be a room id, like "!aBcDeF:example.org" (in Element: room settings, Advanced)` + "\n" +
				f + `:15:88: token_env "$TOKEN" must be the name of an environment variable, like SMTP_PASSWORD`},
		{"id twice, no id", base + "    - id: x\n      slack: {url_env: U}\n    - id: x\n      slack: {url_env: U}\n    - slack: {url_env: U}\n",
			f + `:16:11: channel id "x" given twice (first at line 14)` + "\n" +
				f + `:18:7: missing field "id" in channel 3: it names the channel in the record of what was sent`},
		{"typo", base + "    - id: x\n      mail: {server: smtp.example.org, form: a@b.org, to: c@d.org}\n",
			f + `:15:13: missing field "from" in mail of channel 1` + "\n" +
				f + `:15:22: server "smtp.example.org" must be a host and a port, like smtp.example.org:587` + "\n" +
				f + `:15:40: unknown field "form" in mail of channel 1; did you mean "from"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := openTest(t, tt.yaml, nil)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got:\n%v\nwant:\n%s", err, tt.want)
			}
			if err != nil && (strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "sekrit")) {
				t.Errorf("a problem repeats the secret: %v", err)
			}
		})
	}
}
