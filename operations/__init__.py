"""Installing and keeping a branch: init-branch, TLS, service units, backup and restore, the device check
(doctor), pruning, secrets. Each module is one `fenliu` subcommand."""
