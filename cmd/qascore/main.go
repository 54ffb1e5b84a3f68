package main

import "os"

func main() {
	os.Exit(exitCode(run(signalContext(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr), os.Stderr))
}
