package notify_test

import (
	"errors"
	"io"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// relay is an SMTP server started in the test: it keeps what it receives,
// and refuses every message while down is set.
type relay struct {
	addr string
	mu   sync.Mutex
	msgs []received
	down bool
	srv  *smtp.Server
}

type received struct {
	To     string
	Header mail.Header
	Body   string
}

func startRelay(t *testing.T) *relay {
	t.Helper()
	r := &relay{}
	r.srv = smtp.NewServer(backend{r})
	r.srv.Domain = "localhost"
	r.srv.AllowInsecureAuth = true
	r.srv.ReadTimeout = 5 * time.Second
	r.srv.WriteTimeout = 5 * time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.addr = ln.Addr().String()
	go r.srv.Serve(ln)
	t.Cleanup(func() { r.srv.Close() })
	return r
}

func (r *relay) setDown(down bool) {
	r.mu.Lock()
	r.down = down
	r.mu.Unlock()
}

func (r *relay) received() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.msgs...)
}

// to returns the messages received for an address.
func (r *relay) to(addr string) []received {
	var out []received
	for _, m := range r.received() {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

type backend struct{ r *relay }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{r: b.r}, nil }

type session struct {
	r  *relay
	to []string
}

func (s *session) AuthMechanisms() []string { return nil }
func (s *session) Mail(string, *smtp.MailOptions) error {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	if s.r.down {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = append(s.to, to); return nil }
func (s *session) Data(r io.Reader) error {
	m, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(m.Body)
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	if s.r.down {
		return errors.New("down")
	}
	for _, to := range s.to {
		s.r.msgs = append(s.r.msgs, received{To: strings.Trim(to, "<>"), Header: m.Header, Body: string(body)})
	}
	return nil
}
func (s *session) Reset()        { s.to = nil }
func (s *session) Logout() error { return nil }

// count is how many mails to addr have a subject that starts with prefix.
func (r *relay) count(addr, prefix string) int {
	n := 0
	for _, m := range r.to(addr) {
		if strings.HasPrefix(decodeHeader(m.Header.Get("Subject")), prefix) {
			n++
		}
	}
	return n
}
