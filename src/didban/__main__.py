from didban.cli import main

main()
