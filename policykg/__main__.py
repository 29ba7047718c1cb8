"""``python -m policykg`` runs the command line."""
from policykg.cli import main

main()
