package content

import (
	"errors"
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/idna"
)

// webURL returns a link's URL as a browser would send it, or why it is
// not the absolute http(s) URL a link must be (worded to follow the URL). Pages escape what they
// show, but the JSON documents and the feeds give a link as it is: a
// string that is not a URL ("><script>) reaches their readers as one.
// The scheme and host are lowercased, an international host written in
// ASCII (punycode), and what a URL cannot hold raw percent-encoded; a URL
// already so written is kept byte for byte.
func webURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "":
		return "", errors.New("must be an absolute http:// or https:// URL")
	case u.User != nil:
		return "", errors.New("must not hold a user name or password")
	}
	if net.ParseIP(u.Hostname()) == nil {
		host, err := idna.Lookup.ToASCII(strings.ToLower(u.Hostname()))
		if err != nil {
			return "", errors.New("must be an absolute http:// or https:// URL: its host is not a host name")
		}
		if port := u.Port(); port != "" {
			host += ":" + port
		}
		u.Host = host
	} else {
		u.Host = strings.ToLower(u.Host)
	}
	u.RawQuery = escapeQuery(u.RawQuery)
	return u.String(), nil
}

// redacted returns a URL as a problem may quote it: without a password.
func redacted(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		return u.Redacted()
	}
	return raw
}

// escapeQuery percent-encodes what a query may not hold as it is (spaces,
// quotes, angle brackets, what is not ASCII), and keeps the rest, escapes
// included, as written: the server reads its own query.
func escapeQuery(q string) string {
	const hex = "0123456789ABCDEF"
	var b []byte // nil until a byte needs escaping
	for i := 0; i < len(q); i++ {
		c := q[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=:@/?%", c) >= 0 {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			b = append(make([]byte, 0, len(q)+8), q[:i]...)
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	if b == nil {
		return q
	}
	return string(b)
}
