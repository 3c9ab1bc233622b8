package content

import (
	"fmt"
	"net"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// Announce is site.yaml's announce section: where `bulletin announce`
// tells subscribers of each new item, and the WebSub hub that the feeds
// name.
type Announce struct {
	// Hub is a WebSub hub: every feed names it, and announce pings it
	// after sending, so that readers that subscribed through it hear of an
	// item in seconds. "" for none.
	Hub      string
	Channels []*Channel
}

// Channel is one place announce sends items to: a mailing list, a Matrix
// room, a webhook, a Discourse forum or a Slack channel. Exactly one of
// Mail, Matrix, Webhook, Discourse and Slack is set.
type Channel struct {
	// ID names the channel in the record of what was sent: renaming it
	// makes it a new channel.
	ID string
	// Releases and Services are what the channel wants items of; with
	// neither, it wants every item.
	Releases []string
	Services []string
	Kinds    []Kind // none: every kind

	Mail      *MailChannel
	Matrix    *MatrixChannel
	Webhook   *WebhookChannel
	Discourse *DiscourseChannel
	Slack     *SlackChannel
}

// Secret names the environment variable that holds a password, a token or
// a key: site.yaml is public, so a secret is never written in it.
type Secret struct {
	Env string
	// Where site.yaml names the variable, for the problem of a variable
	// that is not set.
	File      string
	Line, Col int
}

// MailChannel sends each item as a mail, over SMTP with STARTTLS.
type MailChannel struct {
	Server   string   // host:port of the submission server, "smtp.example.org:587"
	From     string   // "Fedora Status <status@example.org>"
	To       []string // addresses, as written
	Username string   // "" for no authentication
	Password Secret
	// ListID is the List-Id header's identifier, "f43-status.lists.example.org":
	// as site.yaml says, else made of the first To address.
	ListID string
}

// MatrixChannel posts each item to a room, through the client-server API.
type MatrixChannel struct {
	Homeserver string // "https://matrix.example.org"
	Room       string // a room id, "!abc:example.org"
	Token      Secret // an access token of the account that posts
}

// WebhookChannel POSTs each item as JSON, signed as Standard Webhooks and
// GitHub sign theirs.
type WebhookChannel struct {
	URL    string
	Secret Secret
}

// DiscourseChannel opens a topic for each entry in a forum's category, and
// posts its later events as replies in it.
type DiscourseChannel struct {
	URL         string // the forum, "https://discussion.example.org"
	Category    int
	APIUsername string
	APIKey      Secret
}

// SlackChannel posts each item through an incoming webhook, whose URL is
// its secret.
type SlackChannel struct {
	URL Secret
}

// Type names the kind of channel: "mail", "matrix", "webhook",
// "discourse" or "slack".
func (c *Channel) Type() string {
	switch {
	case c.Mail != nil:
		return "mail"
	case c.Matrix != nil:
		return "matrix"
	case c.Webhook != nil:
		return "webhook"
	case c.Discourse != nil:
		return "discourse"
	}
	return "slack"
}

// Wants reports whether the channel wants the items of the entry: one of
// its kinds, about one of its releases or services.
func (c *Channel) Wants(e *Entry) bool {
	if len(c.Kinds) > 0 && !slices.Contains(c.Kinds, e.Kind) {
		return false
	}
	if len(c.Releases) == 0 && len(c.Services) == 0 {
		return true
	}
	return slices.ContainsFunc(c.Releases, e.Affects) || slices.ContainsFunc(c.Services, e.Affects)
}

// The fields of the announce section and of each channel in it.
var (
	announceFields  = []string{"websub_hub", "channels"}
	channelTypes    = []string{"mail", "matrix", "webhook", "discourse", "slack"}
	channelFields   = append([]string{"id", "releases", "services", "kinds"}, channelTypes...)
	mailFields      = []string{"server", "from", "to", "username", "password_env", "list_id"}
	matrixFields    = []string{"homeserver", "room", "token_env"}
	webhookFields   = []string{"url", "secret_env"}
	discourseFields = []string{"url", "category", "api_username", "api_key_env"}
	slackFields     = []string{"url_env"}
)

var (
	envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	roomID  = regexp.MustCompile(`^![^:\s]+:\S+$`)
	listID  = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+/=?^_{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_{|}~-]+)+$`)
)

// secretFields are fields people write where a secret's variable belongs:
// a password in site.yaml would be published with the repository.
var secretFields = map[string]string{
	"password": "password_env", "token": "token_env", "access_token": "token_env",
	"secret": "secret_env", "api_key": "api_key_env",
}

// announce reads site.yaml's announce section; it must come after the
// releases and services, which channels name.
func (d *siteDecoder) announce(f field) *Announce {
	a := &Announce{}
	for _, af := range d.fields(f.value, "announce", announceFields) {
		switch af.name {
		case "websub_hub":
			a.Hub = d.url(af, af.name, "https://pubsubhubbub.appspot.com/")
		case "channels":
			n := resolve(af.value)
			if n.Kind != yaml.SequenceNode {
				d.errorf(n, "channels must be a list of channels, each with an id and one of %s", strings.Join(channelTypes, ", "))
				continue
			}
			at := map[string]position{}
			for i, item := range n.Content {
				if c := d.channel(item, i+1, at); c != nil {
					a.Channels = append(a.Channels, c)
				}
			}
		}
	}
	return a
}

// channel reads one channel; at holds where each channel id was given.
func (d *siteDecoder) channel(n *yaml.Node, i int, at map[string]position) *Channel {
	s := d.s
	c := &Channel{}
	what := fmt.Sprintf("channel %d", i)
	start := d.pos(resolve(n))
	var types []string
	hasID := false
	for _, f := range d.fields(n, what, channelFields) {
		switch f.name {
		case "id":
			hasID = true
			id, ok := d.line(f)
			switch {
			case !ok:
			case !validName(id) || strings.ContainsAny(id, "._"):
				d.errorf(f.value, "channel id %q must be lowercase letters, digits and hyphens, like f43-announce", id)
			case at[id] != position{}:
				d.errorf(f.value, "channel id %q given twice (first at line %d)", id, at[id].Line)
			default:
				c.ID, at[id] = id, d.pos(f.value)
			}
		case "releases", "services":
			for _, item := range d.items(f) {
				id := resolve(item).Value
				switch {
				case f.name == "releases" && s.Release(id) == nil:
					d.errorf(item, "unknown release %q; %s", id, s.SuggestRelease(id))
				case f.name == "releases":
					c.Releases = append(c.Releases, id)
				case s.Service(id) == nil && len(s.Services) == 0:
					d.errorf(item, "unknown service %q: site.yaml lists no services", id)
				case s.Service(id) == nil:
					d.errorf(item, "unknown service %q; %s", id, suggest(id, serviceIDs(s), "known services"))
				default:
					c.Services = append(c.Services, id)
				}
			}
		case "kinds":
			for _, item := range d.items(f) {
				k := Kind(resolve(item).Value)
				if k != Incident && k != Announcement && k != Maintenance {
					d.errorf(item, "kind %q is not one of incident, announcement, maintenance", k)
					continue
				}
				c.Kinds = append(c.Kinds, k)
			}
		default:
			types = append(types, f.name)
			d.channelTarget(c, f, what)
		}
	}
	switch {
	case len(types) == 0:
		d.probs.add(d.file, start, "%s says nowhere to send: give one of %s", what, strings.Join(channelTypes, ", "))
	case len(types) > 1:
		d.probs.add(d.file, start, "%s has %s: give one place to send to a channel, and make a channel for each", what, strings.Join(types, " and "))
	}
	if !hasID {
		d.probs.add(d.file, start, "missing field \"id\" in %s: it names the channel in the record of what was sent", what)
	}
	if c.ID == "" {
		return nil
	}
	return c
}

// channelTarget reads where a channel sends: its mail, matrix, webhook,
// discourse or slack mapping.
func (d *siteDecoder) channelTarget(c *Channel, f field, what string) {
	what = f.name + " of " + what
	known := map[string][]string{"mail": mailFields, "matrix": matrixFields, "webhook": webhookFields, "discourse": discourseFields, "slack": slackFields}[f.name]
	fields := d.fields(d.withoutSecrets(f.value, known), what, known)
	has := map[string]bool{}
	for _, ff := range fields {
		has[ff.name] = true
	}
	var need []string
	switch f.name {
	case "mail":
		m := &MailChannel{}
		for _, ff := range fields {
			switch ff.name {
			case "server":
				if v, ok := d.line(ff); ok {
					if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
						d.errorf(ff.value, "server %q must be a host and a port, like smtp.example.org:587", v)
					} else {
						m.Server = v
					}
				}
			case "from":
				if v, ok := d.line(ff); ok {
					if _, err := mail.ParseAddress(v); err != nil {
						d.errorf(ff.value, "from %q is not a mail address, like \"Fedora Status <status@example.org>\"", v)
					} else {
						m.From = v
					}
				}
			case "to":
				for _, item := range d.items(ff) {
					v := resolve(item).Value
					if _, err := mail.ParseAddress(v); err != nil {
						d.errorf(item, "to %q is not a mail address, like announce@lists.example.org", v)
						continue
					}
					m.To = append(m.To, v)
				}
			case "username":
				m.Username, _ = d.line(ff)
			case "password_env":
				m.Password = d.secret(ff)
			case "list_id":
				if v, ok := d.line(ff); ok && !listID.MatchString(v) {
					d.errorf(ff.value, "list_id %q must be dot-separated words, like f43-status.lists.example.org", v)
				} else if ok {
					m.ListID = v
				}
			}
		}
		if has["username"] != has["password_env"] {
			d.errorf(f.value, "%s needs both username and password_env, or neither", what)
		}
		if m.ListID == "" && len(m.To) > 0 {
			addr, _ := mail.ParseAddress(m.To[0])
			m.ListID = strings.Replace(addr.Address, "@", ".", 1)
		}
		c.Mail, need = m, []string{"server", "from", "to"}
	case "matrix":
		m := &MatrixChannel{}
		for _, ff := range fields {
			switch ff.name {
			case "homeserver":
				m.Homeserver = d.url(ff, ff.name, "https://matrix.example.org")
			case "room":
				if v, ok := d.line(ff); ok && !roomID.MatchString(v) {
					d.errorf(ff.value, "room %q must be a room id, like \"!aBcDeF:example.org\" (in Element: room settings, Advanced)", v)
				} else if ok {
					m.Room = v
				}
			case "token_env":
				m.Token = d.secret(ff)
			}
		}
		c.Matrix, need = m, []string{"homeserver", "room", "token_env"}
	case "webhook":
		w := &WebhookChannel{}
		for _, ff := range fields {
			switch ff.name {
			case "url":
				w.URL = d.url(ff, ff.name, "https://hooks.example.org/bulletin")
			case "secret_env":
				w.Secret = d.secret(ff)
			}
		}
		c.Webhook, need = w, []string{"url", "secret_env"}
	case "discourse":
		w := &DiscourseChannel{}
		for _, ff := range fields {
			switch ff.name {
			case "url":
				w.URL = d.url(ff, ff.name, "https://discussion.example.org")
			case "category":
				n := resolve(ff.value)
				if v, err := strconv.Atoi(n.Value); n.Kind != yaml.ScalarNode || err != nil || v < 1 {
					d.errorf(n, "category must be the number of a category (its /c/<name>/<number> address), not %s", describe(n))
				} else {
					w.Category = v
				}
			case "api_username":
				w.APIUsername, _ = d.line(ff)
			case "api_key_env":
				w.APIKey = d.secret(ff)
			}
		}
		c.Discourse, need = w, []string{"url", "category", "api_username", "api_key_env"}
	case "slack":
		w := &SlackChannel{}
		for _, ff := range fields {
			w.URL = d.secret(ff)
		}
		c.Slack, need = w, []string{"url_env"}
	}
	if resolve(f.value).Kind != yaml.MappingNode {
		return // fields said so
	}
	for _, name := range need {
		if !has[name] {
			d.errorf(f.value, "missing field %q in %s", name, what)
		}
	}
}

// withoutSecrets reports each secret written where the name of its
// variable belongs, with what to write instead, and returns the mapping
// without them, so that they are not reported again as unknown fields.
func (d *siteDecoder) withoutSecrets(n *yaml.Node, known []string) *yaml.Node {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return n
	}
	kept := *n
	kept.Content = nil
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		env := secretFields[k.Value]
		if k.Value == "url" && slices.Contains(known, "url_env") {
			env = "url_env"
		}
		if env != "" && slices.Contains(known, env) {
			d.errorf(k, "%s must not be written in site.yaml, which is public: put it in an environment variable (a secret of the workflow) and name the variable with %s", k.Value, env)
			continue
		}
		kept.Content = append(kept.Content, k, n.Content[i+1])
	}
	return &kept
}

// secret reads the name of an environment variable.
func (d *siteDecoder) secret(f field) Secret {
	v, ok := d.line(f)
	if ok && !envName.MatchString(v) {
		d.errorf(f.value, "%s %q must be the name of an environment variable, like SMTP_PASSWORD", f.name, v)
		ok = false
	}
	if !ok {
		return Secret{}
	}
	p := d.pos(f.value)
	return Secret{Env: v, File: d.file, Line: p.Line, Col: p.Col}
}

// url reads an absolute http(s) URL, normalised as webURL does; what
// names it in a problem, example shows one.
func (d *decoder) url(f field, what, example string) string {
	v, ok := d.line(f)
	if !ok {
		return ""
	}
	u, err := webURL(v)
	if err != nil {
		d.errorf(f.value, "%s %q %v, like %s", what, redacted(v), err, example)
		return ""
	}
	return u
}

func serviceIDs(s *Site) []string {
	ids := make([]string, len(s.Services))
	for i, sv := range s.Services {
		ids[i] = sv.ID
	}
	return ids
}
