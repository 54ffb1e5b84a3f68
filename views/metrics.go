package views

import (
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is the Prometheus registry of one process: request counts and
// latencies by route, the database pools, the Go runtime and the build.
// One per process, shared by the app handler and the metrics listener.
// Labels use the route pattern ("/reviews/:id"), never the raw path, so
// the number of series stays bounded whatever URLs clients send.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics builds the registry. pools are the database connection pools
// to report, by name ("writer", "reader"); version is the build's.
func NewMetrics(version string, pools map[string]*sql.DB) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "qascore_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status code.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "qascore_http_request_duration_seconds",
			Help: "Time to answer an HTTP request, by method and route pattern.",
			// Pages are meant to answer in milliseconds; the top buckets
			// catch imports and the slow tail.
			Buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10},
		}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name:        "qascore_build_info",
			Help:        "Always 1; the version label names the running build.",
			ConstLabels: prometheus.Labels{"version": version},
		}, func() float64 { return 1 }),
	)
	for name, db := range pools {
		if db != nil {
			reg.MustRegister(collectors.NewDBStatsCollector(db, name))
		}
	}
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// observe is the gin middleware that counts and times every routed request.
func (m *Metrics) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched" // 404s: one series, not one per probed URL
	}
	m.requests.WithLabelValues(c.Request.Method, route, strconv.Itoa(c.Writer.Status())).Inc()
	m.duration.WithLabelValues(c.Request.Method, route).Observe(time.Since(start).Seconds())
}

// handleMetricsShow lets a signed-in admin read the metrics in the browser;
// scrapers use the separate listener (QA_METRICS_ADDR), which needs no
// session.
func (s *Server) handleMetricsShow(c *gin.Context) {
	if s.deps.Metrics == nil {
		s.handleNotFound(c)
		return
	}
	s.deps.Metrics.Handler().ServeHTTP(c.Writer, c.Request)
}
