package views

import "github.com/qascore/qascore/coaching"

// routes is the one route table of the application.
func (s *Server) routes() {
	r := s.engine
	r.GET("/healthz", s.handleHealthz)
	r.GET("/readyz", s.handleReadyz)
	r.GET("/login", s.handleLoginShow)
	r.POST("/login", s.handleLoginSubmit)
	r.POST("/logout", s.handleLogout)

	authed := r.Group("/", s.requireUser)
	authed.GET("/", s.handleHome)

	convs := authed.Group("/", s.requireRole(coaching.RoleSupervisor, coaching.RoleAgent, coaching.RoleAdmin))
	convs.GET("/interactions", s.handleInteractionList)
	convs.GET("/interactions/:id", s.handleInteractionShow)

	// Rubrics: every role reads published rubrics; admins and supervisors
	// write them. The handlers hide drafts from readers.
	rubricsRead := authed.Group("/rubrics", s.requireRole(coaching.Roles...))
	rubricsRead.GET("", s.handleRubricList)
	rubricsRead.GET("/:id", s.handleRubricShow)
	rubricsRead.GET("/versions/:vid/preview", s.handleVersionPreview)
	rubricsEdit := authed.Group("/rubrics", s.requireRole(rubricEditors...))
	rubricsEdit.GET("/new", s.handleRubricNew)
	rubricsEdit.POST("", s.handleRubricCreate)
	rubricsEdit.GET("/import", s.handleRubricImportForm)
	rubricsEdit.POST("/import", s.handleRubricImport)
	rubricsEdit.POST("/:id/edit", s.handleRubricEdit)
	rubricsEdit.GET("/:id/clone", s.handleRubricCloneForm)
	rubricsEdit.POST("/:id/clone", s.handleRubricClone)
	rubricsEdit.GET("/versions/:vid/edit", s.handleRubricEditor)
	rubricsEdit.POST("/versions/:vid/edit", s.handleRubricEditorPost)
	rubricsEdit.GET("/versions/:vid/export", s.handleVersionExport)
	rubricsEdit.GET("/versions/:vid/publish", s.handlePublishShow)
	rubricsEdit.POST("/versions/:vid/publish", s.handlePublish)
	rubricsEdit.GET("/versions/:vid/archive", s.handleVersionArchiveConfirm)
	rubricsEdit.POST("/versions/:vid/archive", s.handleVersionArchive)
	rubricsEdit.POST("/versions/:vid/delete", s.handleVersionDelete)

	// Queue and assignments: graders (supervisors, admins).
	graders := authed.Group("/", s.requireRole(coaching.RoleSupervisor, coaching.RoleAdmin))
	graders.GET("/queue", s.handleQueue)
	graders.POST("/queue/start", s.handleQueueStart)
	graders.POST("/queue/skip", s.handleQueueSkip)
	graders.GET("/assignments", s.handleAssignmentList)
	graders.GET("/assignments/new", s.handleAssignmentNew)
	graders.POST("/assignments", s.handleAssignmentCreate)
	agents := authed.Group("/", s.requireRole(coaching.RoleAgent))
	agents.GET("/scorecards", s.handleScorecards)

	// Reviews: graders (supervisors, admins) grade their own drafts; the
	// handlers check the reviewer, the agent and the supervisor per review.
	reviews := authed.Group("/reviews", s.requireRole(coaching.RoleSupervisor, coaching.RoleAdmin, coaching.RoleAgent))
	reviews.GET("/:id", s.handleReviewShow)
	reviews.POST("/:id/acknowledge", s.handleReviewAcknowledge)
	reviews.POST("/:id/dispute", s.handleReviewDispute)
	reviews.POST("/:id/resolve", s.handleReviewResolve)
	grade := authed.Group("/reviews", s.requireRole(coaching.RoleSupervisor, coaching.RoleAdmin))
	grade.GET("/:id/grade", s.handleReviewGrade)
	grade.POST("/:id/draft", s.handleReviewDraft)
	grade.POST("/:id/submit", s.handleReviewSubmit)
	grade.POST("/:id/approve", s.handleReviewApprove)

	// Imports: admins and supervisors upload; only admins map agents.
	imports := authed.Group("/imports", s.requireRole(coaching.RoleAdmin, coaching.RoleSupervisor))
	imports.GET("", s.handleImportForm)
	imports.POST("", s.handleImportUpload)
	importAgents := authed.Group("/imports/agents", s.requireRole(coaching.RoleAdmin))
	importAgents.GET("", s.handleImportAgents)
	importAgents.POST("", s.handleImportAgentMap)

	// Coaching: which skills each team should work on.
	authed.GET("/coaching", s.requireRole(coaching.RoleTrainer, coaching.RoleAdmin, coaching.RoleSupervisor), s.handleCoachingShow)
	// Modules: trainers and admins write them; they and supervisors assign
	// them (supervisors to their own teams); an agent reads the ones
	// assigned to them and marks them done.
	modulesWrite := authed.Group("/coaching/modules", s.requireRole(moduleWriters...))
	modulesWrite.GET("/new", s.handleModuleNew)
	modulesWrite.POST("", s.handleModuleCreate)
	modulesWrite.GET("/:id/edit", s.handleModuleEdit)
	modulesWrite.POST("/:id", s.handleModuleUpdate)
	authed.GET("/coaching/modules/:id", s.requireRole(coaching.Roles...), s.handleModuleShow)
	authed.POST("/coaching/modules/:id/assign", s.requireRole(coaching.RoleTrainer, coaching.RoleAdmin, coaching.RoleSupervisor), s.handleModuleAssign)
	authed.POST("/coaching/modules/:id/done", s.requireRole(coaching.RoleAgent), s.handleModuleComplete)

	teams := authed.Group("/", s.requireRole(coaching.RoleTrainer, coaching.RoleAdmin))
	teams.GET("/teams", s.handleTeamDirectory)

	admin := authed.Group("/admin", s.requireRole(coaching.RoleAdmin))
	admin.GET("", s.handleWorkspace)
	admin.GET("/users", s.handleUserList)
	admin.GET("/users/new", s.handleUserNew)
	admin.POST("/users", s.handleUserCreate)
	admin.GET("/users/:id", s.handleUserShow)
	admin.POST("/users/:id/role", s.handleUserRoleUpdate)
	admin.POST("/users/:id/disable", s.handleUserDisable)
	admin.POST("/users/:id/enable", s.handleUserEnable)
	admin.GET("/teams", s.handleTeamList)
	admin.GET("/teams/new", s.handleTeamNew)
	admin.POST("/teams", s.handleTeamCreate)
	admin.GET("/teams/:id", s.handleTeamEdit)
	admin.POST("/teams/:id/members", s.handleTeamMembersUpdate)

	// Prometheus metrics for a signed-in admin; scrapers use the separate
	// listener (QA_METRICS_ADDR), which needs no session.
	authed.GET("/metrics", s.requireRole(coaching.RoleAdmin), s.handleMetricsShow)
}
