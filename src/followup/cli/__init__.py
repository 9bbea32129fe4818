"""The command line: parse what the user typed, call a service, print the result."""
