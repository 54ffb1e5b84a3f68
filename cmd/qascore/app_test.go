package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testApp is the real program serving on 127.0.0.1:0 with its own
// database file, as an end-to-end test sees it.
type testApp struct {
	URL    string
	DBPath string
	Env    map[string]string
	logs   *syncBuffer
	stdout *syncBuffer // every line serve printed
}

// syncBuffer collects output written from the server goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listenLine = regexp.MustCompile(`listening on (http://\S+)`)

// startApp boots run("serve") in demo mode on a free loopback port and
// stops it (gracefully, checking the exit) when the test ends.
func startApp(tb testing.TB) *testApp {
	tb.Helper()
	return startAppOn(tb, filepath.Join(tb.TempDir(), "qa.db"))
}

// startAppOn is startApp on a given database file, so a test can run two
// replicas on one database.
func startAppOn(tb testing.TB, dbPath string) *testApp {
	tb.Helper()
	return startAppWith(tb, dbPath, nil)
}

// startAppWith is startAppOn with more QA_* variables set.
func startAppWith(tb testing.TB, dbPath string, extra map[string]string) *testApp {
	tb.Helper()
	env := map[string]string{"QA_DB": dbPath, "QA_ADDR": "127.0.0.1:0", "QA_DEMO": "true", "QA_LOG_FORMAT": "json"}
	for k, v := range extra {
		env[k] = v
	}
	stdout := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), pw, logs)
		pw.Close()
		done <- err
	}()
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			stdout.Write([]byte(sc.Text() + "\n"))
			if m := listenLine.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
			}
		}
	}()
	var u string
	select {
	case u = <-urlc:
	case err := <-done:
		cancel()
		tb.Fatalf("serve exited before listening: %v\nlogs: %s", err, logs.String())
	case <-time.After(60 * time.Second):
		cancel()
		tb.Fatalf("serve did not start within 60s\nlogs: %s", logs.String())
	}
	tb.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				tb.Errorf("serve returned an error on shutdown: %v", err)
			}
		case <-time.After(15 * time.Second):
			tb.Errorf("serve did not shut down within 15s")
		}
	})
	return &testApp{URL: u, DBPath: dbPath, Env: env, logs: logs, stdout: stdout}
}

// client is a browser-like HTTP client: a cookie jar, no automatic
// redirects (tests look at them), and an optional local IP so a test can
// be "another machine" (any 127.x.y.z address reaches the loopback server).
func (a *testApp) client(tb testing.TB, localIP string) *http.Client {
	tb.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(tb, err)
	tr := &http.Transport{}
	if localIP != "" {
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(localIP)}, Timeout: 5 * time.Second}
		tr.DialContext = d.DialContext
	}
	tb.Cleanup(tr.CloseIdleConnections)
	return &http.Client{
		Jar:           jar,
		Transport:     tr,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// get fetches path and returns the response and its body.
func (a *testApp) get(tb testing.TB, c *http.Client, path string) (*http.Response, string) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, a.URL+path, nil)
	require.NoError(tb, err)
	return do(tb, c, req)
}

// post submits a form the way a same-origin browser does.
func (a *testApp) post(tb testing.TB, c *http.Client, path string, form url.Values) (*http.Response, string) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPost, a.URL+path, strings.NewReader(form.Encode()))
	require.NoError(tb, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", a.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return do(tb, c, req)
}

func do(tb testing.TB, c *http.Client, req *http.Request) (*http.Response, string) {
	tb.Helper()
	resp, err := c.Do(req)
	require.NoError(tb, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(tb, err)
	return resp, string(body)
}

// login signs in and requires the redirect that success gives.
func (a *testApp) login(tb testing.TB, c *http.Client, email, password string) *http.Response {
	tb.Helper()
	resp, body := a.post(tb, c, "/login", url.Values{"email": {email}, "password": {password}})
	require.Equal(tb, http.StatusSeeOther, resp.StatusCode, "login as %s: %s", email, body)
	return resp
}
