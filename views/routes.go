package views

// routes is the one route table of the application.
func (s *Server) routes() {
	r := s.engine
	r.GET("/interactions", s.handleInteractionList)
	r.GET("/interactions/:id", s.handleInteractionShow)
}
