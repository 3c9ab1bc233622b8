package announce

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"html"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
)

// mailSender sends each item as a mail of its own, text and HTML, over
// SMTP with STARTTLS: never in the clear, since the login goes with it.
type mailSender struct {
	cfg      *content.MailChannel
	password string
	timeout  time.Duration
	roots    *x509.CertPool
}

func (s *mailSender) send(ctx context.Context, m *message) (string, error) {
	msg, err := s.compose(m)
	if err != nil {
		return "", err
	}
	host, _, _ := net.SplitHostPort(s.cfg.Server)
	dialer := &net.Dialer{Timeout: s.timeout}
	conn, err := dialer.DialContext(ctx, "tcp", s.cfg.Server)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	// One deadline for the whole exchange: a server that answers slowly
	// fails the channel in bounded time.
	conn.SetDeadline(time.Now().Add(s.timeout))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return "", err
	}
	if err := c.Hello("localhost"); err != nil {
		return "", err
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return "", fmt.Errorf("%s does not offer STARTTLS, and bulletin sends mail only over TLS", s.cfg.Server)
	}
	if err := c.StartTLS(&tls.Config{ServerName: host, RootCAs: s.roots}); err != nil {
		return "", fmt.Errorf("STARTTLS with %s: %w", s.cfg.Server, err)
	}
	if s.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.password, host)); err != nil {
			return "", fmt.Errorf("%s refused the login of %s: %w", s.cfg.Server, s.cfg.Username, err)
		}
	}
	from, _ := mail.ParseAddress(s.cfg.From)
	if err := c.Mail(from.Address); err != nil {
		return "", err
	}
	for _, to := range s.cfg.To {
		addr, _ := mail.ParseAddress(to)
		if err := c.Rcpt(addr.Address); err != nil {
			return "", fmt.Errorf("%s refused %s: %w", s.cfg.Server, addr.Address, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return "", err
	}
	if _, err := w.Write(msg); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	c.Quit()
	return messageID(m, m.ID), nil
}

func (s *mailSender) preview(m *message) string {
	msg, err := s.compose(m)
	if err != nil {
		return err.Error()
	}
	// The headers and the text part: the HTML part says the same.
	head, body, _ := bytes.Cut(msg, []byte("\r\n\r\n"))
	text := m.Text + "\n\n" + m.Link
	return strings.ReplaceAll(string(head), "\r\n", "\n") + "\n\n" + text + "\n" + fmt.Sprintf("(and the same as HTML: %d bytes in all)", len(body))
}

// compose writes the mail: a thread per entry (the later events reply to
// its own item's mail), list headers, and the item as text and as HTML.
func (s *mailSender) compose(m *message) ([]byte, error) {
	var buf bytes.Buffer
	h := textproto.MIMEHeader{}
	h.Set("From", s.cfg.From)
	h.Set("To", strings.Join(s.cfg.To, ", "))
	h.Set("Subject", mime.QEncoding.Encode("utf-8", m.Title))
	h.Set("Date", time.Now().UTC().Format(time.RFC1123Z)) // when it is sent
	h.Set("Message-ID", messageID(m, m.ID))
	if !m.own() {
		root := messageID(m, m.Root)
		h.Set("In-Reply-To", root)
		h.Set("References", root)
	}
	h.Set("List-Id", mime.QEncoding.Encode("utf-8", m.site.Title)+" <"+s.cfg.ListID+">")
	h.Set("List-Archive", "<"+m.site.BaseURL.String()+">")
	// Vacation responders and bounce handlers must not answer a
	// notification (RFC 3834).
	h.Set("Auto-Submitted", "auto-generated")
	h.Set("MIME-Version", "1.0")
	mw := multipart.NewWriter(&buf)
	// A boundary of the message's own, so that a message is the same
	// bytes each time it is composed.
	if err := mw.SetBoundary("bulletin-" + m.key()); err != nil {
		return nil, err
	}
	h.Set("Content-Type", "multipart/alternative; boundary="+mw.Boundary())
	var head bytes.Buffer
	for _, k := range []string{"From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "References", "List-Id", "List-Archive", "Auto-Submitted", "MIME-Version", "Content-Type"} {
		if v := h.Get(k); v != "" {
			fmt.Fprintf(&head, "%s: %s\r\n", k, v)
		}
	}
	head.WriteString("\r\n")
	text := m.Text + "\n\n" + m.Link + "\n"
	page := `<html><body><h1><a href="` + html.EscapeString(m.Link) + `">` + html.EscapeString(m.Title) + "</a></h1>\n" + m.HTML +
		`<p><a href="` + html.EscapeString(m.Link) + `">` + html.EscapeString(m.Link) + "</a></p></body></html>\n"
	for _, part := range []struct{ typ, body string }{{"text/plain", text}, {"text/html", page}} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(pw)
		qp.Write([]byte(strings.ReplaceAll(part.body, "\n", "\r\n")))
		qp.Close()
	}
	mw.Close()
	return append(head.Bytes(), buf.Bytes()...), nil
}

// messageID is the Message-ID of the item's mail on the channel: derived
// from the item's id, so that a later event's mail names its entry's as
// the one it replies to, and a mail sent twice is known as one.
func messageID(m *message, item string) string {
	domain := m.site.IDAuthority
	domain, _, _ = strings.Cut(domain, ",")
	if _, d, ok := strings.Cut(domain, "@"); ok {
		domain = d
	}
	return "<bulletin." + deliveryKey(item, m.channel) + "@" + domain + ">"
}
