// Package clientip finds the address of the client behind a request. Behind
// a reverse proxy every request comes from the proxy, and the client's own
// address is in X-Forwarded-For; but anyone can send that header, so it is
// believed only from the proxies the operator lists (serve's
// --trusted-proxies). The login rate limit counts per client address, so a
// proxy that is not listed puts every user behind it into one bucket, and a
// header believed from anyone lets a script pick a fresh address per
// request.
package clientip

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Trusted are the networks of the reverse proxies in front.
type Trusted []netip.Prefix

// ParseTrusted reads a list of addresses and CIDRs separated by commas or
// spaces ("10.0.0.5, 10.1.0.0/16, ::1"). An empty list trusts nobody.
func ParseTrusted(list string) (Trusted, error) {
	var t Trusted
	for _, f := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or CIDR", f)
			}
			t = append(t, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or CIDR", f)
		}
		a = a.Unmap()
		t = append(t, netip.PrefixFrom(a, a.BitLen()))
	}
	return t, nil
}

// Contains reports whether a is one of the trusted proxies.
func (t Trusted) Contains(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Client returns the client's address of r: the peer's, unless the peer is
// a trusted proxy; then X-Forwarded-For is read from the right (each proxy
// appends the address it was reached from), past every trusted proxy, to
// the first address that is not one. An address there that does not parse
// ends the walk at the last trusted hop, which added it.
func (t Trusted) Client(r *http.Request) string {
	peer := peerAddr(r.RemoteAddr)
	a, err := netip.ParseAddr(peer)
	if err != nil || !t.Contains(a) {
		return peer
	}
	hops := forwardedFor(r.Header.Values("X-Forwarded-For"))
	client := a.Unmap().String()
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(hops[i])
		if err != nil {
			return client
		}
		client = hop.Unmap().String()
		if !t.Contains(hop) {
			return client
		}
	}
	return client // every hop a proxy: the first one's client
}

// forwardedFor splits the X-Forwarded-For values into their addresses, in
// order, the first (leftmost) the farthest from us.
func forwardedFor(values []string) []string {
	var hops []string
	for _, v := range values {
		for _, h := range strings.Split(v, ",") {
			h = strings.TrimSpace(h)
			if h == "" {
				continue
			}
			// "[2001:db8::1]:443" or "192.0.2.1:443": some proxies add ports.
			if host, _, err := net.SplitHostPort(h); err == nil {
				h = host
			}
			hops = append(hops, strings.Trim(h, "[]"))
		}
	}
	return hops
}

func peerAddr(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return remote
	}
	return host
}

type key struct{}

// Middleware puts each request's client address (Client) into its
// context, for From.
func (t Trusted) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key{}, t.Client(r))))
	})
}

// From returns the client address Middleware found for r; without it, the
// peer's address.
func From(r *http.Request) string {
	if a, ok := r.Context().Value(key{}).(string); ok {
		return a
	}
	return peerAddr(r.RemoteAddr)
}
