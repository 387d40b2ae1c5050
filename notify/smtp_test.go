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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return startRelayOn(t, ln)
}

func startRelayOn(t *testing.T, ln net.Listener) *relay {
	t.Helper()
	r := &relay{}
	r.srv = smtp.NewServer(backend{r})
	r.srv.Domain = "localhost"
	r.srv.AllowInsecureAuth = true
	r.srv.ReadTimeout = 5 * time.Second
	r.srv.WriteTimeout = 5 * time.Second
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

// stallingListener accepts connections and, while stalled, holds them
// without a word: a relay that takes the connection and never answers. It
// notes how long each held connection was kept open by the client.
type stallingListener struct {
	net.Listener
	mu      sync.Mutex
	stalled bool
	held    []time.Duration // how long the client waited before giving up
	open    []net.Conn
}

func (l *stallingListener) setStalled(s bool) {
	l.mu.Lock()
	l.stalled = s
	l.mu.Unlock()
}

func (l *stallingListener) waits() []time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]time.Duration(nil), l.held...)
}

func (l *stallingListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		l.mu.Lock()
		stalled := l.stalled
		if stalled {
			l.open = append(l.open, c)
		}
		l.mu.Unlock()
		if !stalled {
			return c, nil
		}
		go func() {
			start := time.Now()
			io.Copy(io.Discard, c) // until the client hangs up
			l.mu.Lock()
			l.held = append(l.held, time.Since(start))
			l.mu.Unlock()
			c.Close()
		}()
	}
}

func (l *stallingListener) Close() error {
	l.mu.Lock()
	for _, c := range l.open {
		c.Close()
	}
	l.mu.Unlock()
	return l.Listener.Close()
}
