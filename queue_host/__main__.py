"""Allow `python -m queue_host` (the same as `fenliu host`)."""
import argparse
import sys

from queue_host.cli import add_arguments, run

parser = argparse.ArgumentParser(prog="python -m queue_host")
add_arguments(parser)
sys.exit(run(parser.parse_args()))
