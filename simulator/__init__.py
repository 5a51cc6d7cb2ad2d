"""What-ifs: simulated branch days on the host's own rules, scenarios, replications and comparisons."""
