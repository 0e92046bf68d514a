from didban.cli import main_entry

main_entry()
