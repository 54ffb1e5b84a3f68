package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/qascore/qascore/cmd/internal/store"
	"github.com/qascore/qascore/views"
)

// openStore opens the configured database. With migrate it applies
// pending migrations first; either way it refuses a schema newer than
// this binary, because running old code on a new schema can corrupt data.
func openStore(ctx context.Context, cfg config, stderr io.Writer, migrate bool) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.DB, store.Options{Logger: newLogger(cfg, stderr), Migrate: migrate})
	if err != nil {
		if errors.Is(err, store.ErrSchemaTooNew) {
			return nil, fmt.Errorf("database %s was migrated by a newer qascore; upgrade this binary (%s) before using it: %w", maskedDB(cfg.DB), version, err)
		}
		return nil, fmt.Errorf("open database %s: %w", maskedDB(cfg.DB), err)
	}
	return db, nil
}

// cmdMigrate applies pending migrations and reports the schema version.
func cmdMigrate(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	if help, err := parseCommand("migrate", &cfg, args, stdout, nil); help || err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, stderr, true)
	if err != nil {
		return err
	}
	defer db.Close()
	cur, latest, err := db.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	fmt.Fprintf(stdout, "Database %s is at schema version %d (latest %d).\n", maskedDB(cfg.DB), cur, latest)
	return nil
}

// cmdServe runs the web server until ctx is cancelled (SIGINT/SIGTERM),
// then shuts down gracefully.
func cmdServe(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	if help, err := parseCommand("serve", &cfg, args, stdout, nil); help || err != nil {
		return err
	}
	logger := newLogger(cfg, stderr)
	db, err := openStore(ctx, cfg, stderr, true)
	if err != nil {
		return err
	}
	defer db.Close()

	var logins []views.DemoLogin
	if cfg.Demo {
		ws, err := seedDemo(ctx, db, time.Now(), stdout)
		if err != nil {
			return err
		}
		for _, u := range ws.Users {
			logins = append(logins, views.DemoLogin{Email: u.Email, Role: string(u.Role), Password: u.Password})
		}
	}

	metrics := views.NewMetrics(version, db.Pools())
	handler, err := views.NewServer(views.Deps{
		Users:        db,
		Teams:        db,
		Interactions: db,
		Rubrics:      db,
		Imports:      newWebImports(db),
		Modules:      db,
		Reviews:      db,
		Assignments:  db,
		DB:           db,
		Sessions:     db.Sessions(),
		Logger:       logger,
		CookieSecure: cfg.CookieSecure,
		Demo:         cfg.Demo,
		DemoLogins:   logins,
		Version:      version,
		// Failed sign-ins are counted in the database so every replica
		// throttles the same attacker.
		Throttle: views.NewDBThrottle(db, views.DefaultThrottlePolicy(), nil),
		Metrics:  metrics,
	})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("serve: listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "qascore %s listening on %s\n", version, url)
	if cfg.Demo {
		fmt.Fprintf(stdout, "Demo workspace: open %s and sign in as one of:\n", url)
		for _, l := range logins {
			fmt.Fprintf(stdout, "  %-11s %-28s password: %s\n", l.Role, l.Email, l.Password)
		}
	}

	go sweepSessions(ctx, db, logger)

	errc := make(chan error, 2)
	var metricsSrv *http.Server
	if cfg.MetricsAddr != "" {
		// A listener of its own, without sessions, so Prometheus can
		// scrape it; it answers /metrics only.
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("serve: metrics: listen on %s: %w", cfg.MetricsAddr, err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", metrics.Handler())
		metricsSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: srv.ErrorLog}
		fmt.Fprintf(stdout, "metrics on http://%s/metrics\n", mln.Addr())
		go func() { errc <- metricsSrv.Serve(mln) }()
	}
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing open requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if metricsSrv != nil {
		_ = metricsSrv.Shutdown(shutdownCtx) // read-only; nothing to finish
	}
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	fmt.Fprintln(stdout, "qascore stopped")
	return nil
}

// sweepSessions deletes expired sessions now and then; the session store
// already ignores them, this only keeps the table small.
func sweepSessions(ctx context.Context, db *store.DB, logger *slog.Logger) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := db.DeleteExpiredSessions(ctx); err != nil {
				logger.Warn("sweep expired sessions", "err", err)
			} else if n > 0 {
				logger.Debug("swept expired sessions", "count", n)
			}
		}
	}
}
