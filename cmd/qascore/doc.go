// Command qascore serves the contact-center QA and coaching web app and
// administers it from the command line.
//
//	qascore serve            serve the web app (migrates the database first)
//	qascore migrate          apply pending database migrations
//	qascore user add         create a user (password from stdin or generated)
//	qascore user set-role    change a user's role (ends their sessions)
//	qascore user disable     disable a user (ends their sessions)
//	qascore seed --demo      load the demo workspace
//	qascore config           print the effective configuration, secrets masked
//	qascore version          print the version
//
// Configuration comes from QA_* environment variables, overridden by flags.
// main only calls run, so the whole program, including serve, is testable
// in-process on 127.0.0.1:0.
package main
