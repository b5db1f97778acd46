#!/usr/bin/env node
// A committed entry for the built CLI: dist/ does not exist until the first build, and a workspace install
// only links a command whose file exists.
import '../dist/cli.js'
