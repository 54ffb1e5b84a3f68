package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// config is the effective configuration of one invocation. It is built
// from the environment, then flags override it; nothing is global.
type config struct {
	Addr         string // listen address, host:port
	DB           string // SQLite path or file: DSN, or postgres:// URL
	Demo         bool   // seed and advertise the demo workspace
	CookieSecure bool   // session cookie only over HTTPS
	LogFormat    string // "text" or "json"
	MetricsAddr  string // host:port of the Prometheus listener; "" for none
}

// envVars documents every variable, in the order `qascore config` prints
// them and the README lists them.
var envVars = []struct{ Name, Default, Help string }{
	{"QA_ADDR", "127.0.0.1:8080", "address to listen on (host:port)"},
	{"QA_DB", "qa.db", "SQLite file path or file: DSN, or a postgres:// URL"},
	{"QA_DEMO", "false", "seed the demo workspace and show demo logins"},
	{"QA_COOKIE_SECURE", "false", "send the session cookie only over HTTPS (set true behind TLS)"},
	{"QA_LOG_FORMAT", "text", "log format: text or json"},
	{"QA_METRICS_ADDR", "", "serve Prometheus /metrics on this host:port (no sign-in: keep it internal); empty for none"},
}

// loadConfig reads QA_* variables; an empty variable means the default.
// A variable that is set must be valid: a typo such as QA_DEMO=yes-please
// stops the program with a one-line error instead of being ignored.
func loadConfig(getenv func(string) string) (config, error) {
	c := config{Addr: "127.0.0.1:8080", DB: "qa.db", LogFormat: "text"}
	for _, v := range envVars {
		val := getenv(v.Name)
		if strings.TrimSpace(val) == "" {
			continue
		}
		var err error
		switch v.Name {
		case "QA_ADDR":
			c.Addr = val
		case "QA_DB":
			c.DB = val
		case "QA_DEMO":
			c.Demo, err = parseBool(v.Name, val)
		case "QA_COOKIE_SECURE":
			c.CookieSecure, err = parseBool(v.Name, val)
		case "QA_LOG_FORMAT":
			c.LogFormat = val
		case "QA_METRICS_ADDR":
			c.MetricsAddr = val
		}
		if err != nil {
			return c, err
		}
	}
	return c, c.validate()
}

func parseBool(name, val string) (bool, error) {
	b, err := strconv.ParseBool(strings.TrimSpace(val))
	if err != nil {
		return false, fmt.Errorf("%s=%q: want true or false", name, val)
	}
	return b, nil
}

// bind registers the override flags on fs, defaulting to c's values.
func (c *config) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on (QA_ADDR)")
	fs.StringVar(&c.DB, "db", c.DB, "database: SQLite path or postgres:// URL (QA_DB)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "demo mode: seed demo data and show demo logins (QA_DEMO)")
	fs.BoolVar(&c.CookieSecure, "cookie-secure", c.CookieSecure, "session cookie only over HTTPS (QA_COOKIE_SECURE)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (QA_LOG_FORMAT)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "serve Prometheus /metrics on host:port (QA_METRICS_ADDR)")
}

// validate checks values that flags or the environment may have set.
func (c config) validate() error {
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log format %q: want text or json", c.LogFormat)
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("listen address %q: want host:port, e.g. 127.0.0.1:8080", c.Addr)
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return fmt.Errorf("metrics address %q: want host:port, e.g. 127.0.0.1:9090", c.MetricsAddr)
		}
		if _, port, _ := net.SplitHostPort(c.MetricsAddr); c.MetricsAddr == c.Addr && port != "0" {
			return fmt.Errorf("metrics address %q: must differ from the app's address", c.MetricsAddr)
		}
	}
	if strings.TrimSpace(c.DB) == "" {
		return errors.New("database: give a SQLite path or a postgres:// URL")
	}
	return nil
}

// maskedDB hides a password in a database URL so `qascore config` can be
// pasted into a bug report.
func maskedDB(dsn string) string {
	if !strings.Contains(dsn, "://") {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable URL, not shown)"
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
